package com.polaris.operator.policy;

import com.polaris.operator.catalog.Tool;
import java.util.List;
import java.util.Optional;

/**
 * The tools a workspace has, as the catalog knows them. The policy module only needs to find a
 * tool and list them to answer the tools API; the catalog provides the implementation, so this
 * module does not reach into the catalog's tables.
 */
public interface ToolDirectory {

    Optional<Tool> find(String workspaceId, String name);

    List<Tool> all(String workspaceId);
}

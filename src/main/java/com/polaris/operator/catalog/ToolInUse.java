package com.polaris.operator.catalog;

/**
 * A custom action cannot change now: approved actions of it have not finished, and each must run
 * as its approver saw it. A listener of {@link CustomActionChanging} throws it to refuse the change.
 */
public final class ToolInUse extends RuntimeException {

    private final String tool;
    private final long unfinished;

    public ToolInUse(String tool, long unfinished) {
        super(unfinished + " approved action" + (unfinished == 1 ? "" : "s") + " of '" + tool + "' "
                + (unfinished == 1 ? "has" : "have") + " not finished yet; change it when they have, or cancel them.");
        this.tool = tool;
        this.unfinished = unfinished;
    }

    public String tool() {
        return tool;
    }

    public long unfinished() {
        return unfinished;
    }
}

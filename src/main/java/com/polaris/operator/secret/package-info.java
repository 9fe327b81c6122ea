/**
 * Workspace secrets: encrypted at rest under the installation's master keyset, rendered into
 * outgoing requests only at send time, and kept out of every answer, event and log line.
 */
@NullMarked
package com.polaris.operator.secret;

import org.jspecify.annotations.NullMarked;

/** Conversations as Polaris knows them: their messages (personal data, kept for the workspace's retention) and the tags the {@code tag_conversation} tool puts on them. */
@NullMarked
package com.polaris.operator.conversation;

import org.jspecify.annotations.NullMarked;

/** Conversations as Polaris knows them: the tags the {@code tag_conversation} tool puts on them. */
@NullMarked
package com.polaris.operator.conversation;

import org.jspecify.annotations.NullMarked;

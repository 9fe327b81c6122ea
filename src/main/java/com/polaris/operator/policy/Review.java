package com.polaris.operator.policy;

import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * What reviewers see first: a plain sentence with {@code {{args.x}}} placeholders, the argument
 * names to show prominently, the request fields an agent must send ({@code reason},
 * {@code conversation}) and how many recent conversation messages to show.
 */
public record Review(
        @Nullable String summary, List<String> highlight, Set<String> requireContext, int conversationMessages) {

    public static final int DEFAULT_CONVERSATION_MESSAGES = 10;
    public static final int MAX_CONVERSATION_MESSAGES = 50;
    public static final Set<String> CONTEXT_FIELDS = Set.of("reason", "conversation");

    public static final Review DEFAULT = new Review(null, List.of(), Set.of(), DEFAULT_CONVERSATION_MESSAGES);

    public Review {
        highlight = List.copyOf(highlight);
        requireContext = Set.copyOf(requireContext);
    }
}

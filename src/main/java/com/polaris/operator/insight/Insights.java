package com.polaris.operator.insight;

import java.time.Instant;
import java.util.List;

/** The insights of a period: one item per tool proposed in it, the most proposed first. */
public record Insights(Instant from, Instant to, List<ToolInsight> items) {}

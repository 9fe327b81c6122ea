package com.polaris.operator.web;

import com.polaris.operator.api.ApiProblem;
import com.polaris.operator.catalog.Catalog;
import com.polaris.operator.catalog.Tool;
import com.polaris.operator.catalog.ToolKind;
import com.polaris.operator.insight.Insights;
import com.polaris.operator.insight.ToolInsight;
import com.polaris.operator.insight.ToolInsights;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import lombok.RequiredArgsConstructor;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The insights page: per tool, how the period's proposals fared, with bar charts drawn here as
 * inline SVG (no script, nothing from elsewhere), each with a title and description and its numbers
 * also written out, and the suggestion with the way to act on it, which is always a person's.
 */
@Controller
@RequiredArgsConstructor
class InsightsPage {

    static final String FORM = "insights-period";

    private static final String OK = "#1f7a4d";
    private static final String EDITED = "#2c55c7";
    private static final String BAD = "#b3261e";
    private static final String ENDED = "#4b5363";
    private static final String WAIT = "#8a5a00";

    /** How long, and for how many proposals, the standing approval a suggestion offers would hold. */
    static final int SUGGESTED_DAYS = 30;

    static final int SUGGESTED_USES = 100;

    private final ToolInsights insights;
    private final Catalog catalog;
    private final Clock clock;

    /** One part of a bar: what it counts, how many, and where it lies on the bar (0 to 100). */
    record Segment(String label, long count, String x, String width, String fill) {}

    /** A horizontal stacked bar; {@code id} makes its title and description addressable. */
    record Bar(String id, String title, String description, long total, String empty, List<Segment> segments) {}

    /** A tool's card: its figures, its two bars, and the figures as words. */
    record Card(ToolInsight item, Bar approvals, Bar runs, String median) {}

    /** A period offered as a single link. */
    record Preset(String label, String from, String to, boolean current) {}

    @GetMapping("/insights")
    String insights(
            ConsoleMember me,
            @RequestParam(required = false) @Nullable String from,
            @RequestParam(required = false) @Nullable String to,
            Model model) {
        me.caller().requireMember();
        var errors = FormErrors.notDone(
                        FORM,
                        "No insights for this period",
                        new FormErrors.Field("from", "from", "From"),
                        new FormErrors.Field("to", "to", "To"))
                .checkText("from", from)
                .checkText("to", to);
        Insights found = null;
        if (errors.isEmpty()) {
            try {
                found = insights.tools(me.caller(), from, to);
            } catch (ApiProblem refused) {
                String message = String.valueOf(refused.getMessage());
                errors.addSentence(message.startsWith("to ") ? "to" : "from", message);
            }
        }
        model.addAttribute("errors", errors);
        model.addAttribute("fromText", found == null ? ListPages.shown(from) : day(found.from()));
        model.addAttribute(
                "toText", found == null ? ListPages.shown(to) : day(found.to().minusNanos(1)));
        model.addAttribute("period", found == null ? null : describe(found));
        model.addAttribute("presets", presets(found));
        var cards = new ArrayList<Card>();
        if (found != null) {
            for (int i = 0; i < found.items().size(); i++) {
                cards.add(card(i, found.items().get(i)));
            }
        }
        model.addAttribute("cards", cards);
        // A standing approval is for internal tools only; external ones are offered a conditional rule.
        model.addAttribute(
                "internalTools",
                catalog.all(me.workspaceId()).stream()
                        .filter(t -> t.kind() != ToolKind.EXTERNAL)
                        .map(Tool::name)
                        .collect(Collectors.toSet()));
        model.addAttribute(
                "suggestedUntil",
                LocalDateTime.ofInstant(clock.instant().plus(Duration.ofDays(SUGGESTED_DAYS)), ZoneOffset.UTC)
                        .truncatedTo(ChronoUnit.MINUTES)
                        .toString());
        model.addAttribute("suggestedUses", SUGGESTED_USES);
        return "insights";
    }

    private List<Preset> presets(@Nullable Insights shown) {
        LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        var presets = new ArrayList<Preset>();
        for (int days : new int[] {7, 30, 90, 365}) {
            LocalDate start = today.minusDays(days - 1L);
            boolean current = shown != null
                    && day(shown.from()).equals(start.toString())
                    && day(shown.to().minusNanos(1)).equals(today.toString());
            presets.add(new Preset("Last " + days + " days", start.toString(), today.toString(), current));
        }
        return presets;
    }

    private static String describe(Insights found) {
        return "From " + day(found.from()) + " to " + day(found.to().minusNanos(1)) + " (UTC), test runs left out.";
    }

    private static String day(Instant instant) {
        return LocalDate.ofInstant(instant, ZoneOffset.UTC).toString();
    }

    static Card card(int index, ToolInsight t) {
        var approvals = bar(
                "chart-" + index + "-approvals",
                "Approval outcomes of " + t.tool(),
                "No approval has been decided or has expired.",
                List.of(
                        new Part("Approved unedited", t.approvedUnedited(), OK),
                        new Part("Approved after an edit", t.edited(), EDITED),
                        new Part("Rejected", t.rejected(), BAD),
                        new Part("Expired", t.expired(), ENDED)));
        var runs = bar(
                "chart-" + index + "-runs",
                "Run outcomes of " + t.tool(),
                "No run has ended.",
                List.of(
                        new Part("Completed", t.completed(), OK),
                        new Part("Failed", t.failed(), BAD),
                        new Part("Needs review", t.needsReview(), WAIT)));
        return new Card(t, approvals, runs, duration(t.medianSecondsToDecision()));
    }

    private record Part(String label, long count, String fill) {}

    private static Bar bar(String id, String title, String empty, List<Part> parts) {
        long total = parts.stream().mapToLong(Part::count).sum();
        var segments = new ArrayList<Segment>();
        double x = 0;
        var words = new ArrayList<String>();
        for (Part part : parts) {
            double width = total == 0 ? 0 : part.count() * 100.0 / total;
            segments.add(new Segment(part.label(), part.count(), number(x), number(width), part.fill()));
            words.add(part.count() + " " + part.label().toLowerCase(Locale.ROOT));
            x += width;
        }
        return new Bar(id, title, String.join(", ", words) + ".", total, empty, segments);
    }

    private static String number(double value) {
        return String.format(Locale.ROOT, "%.2f", value);
    }

    /** A median time to decision in words: "45 s", "12 min", "3.5 h", "2.1 days"; "none decided" when null. */
    static String duration(@Nullable Long seconds) {
        if (seconds == null) {
            return "none decided";
        }
        if (seconds < 120) {
            return seconds + " s";
        }
        if (seconds < 2 * 3600) {
            return Math.round(seconds / 60.0) + " min";
        }
        if (seconds < 2 * 86400) {
            return String.format(Locale.ROOT, "%.1f h", seconds / 3600.0);
        }
        return String.format(Locale.ROOT, "%.1f days", seconds / 86400.0);
    }
}

package com.polaris.operator.web;

import com.polaris.operator.api.ApiProblem;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * What is wrong with a submitted console form, in words, every problem at once. Each message is tied
 * to the field it is about (or to the whole form), and pages show them through the fragments of
 * {@code form-errors.html}: a summary at the top of the form that takes the focus and links to each
 * field, and each field's messages beside it (element id: the field's id and {@code -errors}), which
 * the field names in {@code aria-describedby}, marked with {@code aria-invalid}.
 *
 * <p>The console checks what it reads itself (missing and empty fields, text that cannot be stored,
 * numbers, JSON, one-per-line lists) and reports all of it at once; a service's own rules are checked
 * when those pass, and its refusals (422, 409) come back on the form the same way.
 *
 * <p>A form is described by its fields ({@link Field}: the parameter it is posted as, the id of its
 * element and its label), so handlers speak of parameters, pages of element ids, and every message
 * starts with the label the member sees.
 */
final class FormErrors {

    /** Why a value cannot be stored; see {@link #storable}. */
    static final String UNSTORABLE = "contains a character that cannot be saved (an invisible control character "
            + "or a broken emoji); delete it or type the text again";

    private static final String CHECK_BELOW = ": please check what is listed below.";
    private static final String HEADLINE = "Nothing was saved" + CHECK_BELOW;
    private static final Pattern REGEX_MESSAGE = Pattern.compile("must match .*|.*\\^.*\\$.*|.*regex.*|.*\\$\\..*");

    /** One field of a form: the request parameter it is posted as, the id of its element and its label. */
    record Field(String param, String id, String label) {}

    /** One message; {@code field} is the id of the field's element, or null when it is about the whole form. */
    record Problem(@Nullable String field, String message) {

        public @Nullable String href() {
            return field == null ? null : "#" + field;
        }
    }

    private final String form;
    private final String headline;
    private final Map<String, Field> fields = new LinkedHashMap<>();
    private final List<Problem> problems = new ArrayList<>();

    /** No errors: what a page shows before anything is submitted. */
    static FormErrors none() {
        return new FormErrors("", List.of());
    }

    /** Errors of the form whose element id is {@code form}, with these fields in the order the page shows them. */
    FormErrors(String form, List<Field> fields) {
        this(form, HEADLINE, fields);
    }

    /**
     * Errors of a form whose summary says what was not done ({@code notDone}, "The secret was not
     * saved") and asks the member to check the messages listed below it.
     */
    static FormErrors notDone(String form, String notDone, Field... fields) {
        return notDone(form, notDone, List.of(fields));
    }

    static FormErrors notDone(String form, String notDone, List<Field> fields) {
        return new FormErrors(form, notDone + CHECK_BELOW, fields);
    }

    FormErrors(String form, String headline, List<Field> fields) {
        this.form = form;
        this.headline = headline;
        fields.forEach(f -> this.fields.put(f.param(), f));
    }

    /**
     * Whether PostgreSQL can store {@code text}: it refuses a NUL character, and a lone half of a
     * UTF-16 surrogate pair (a broken emoji) cannot be written as UTF-8.
     */
    static boolean storable(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\0') {
                return false;
            }
            if (Character.isHighSurrogate(c)) {
                if (i + 1 == text.length() || !Character.isLowSurrogate(text.charAt(i + 1))) {
                    return false;
                }
                i++;
            } else if (Character.isLowSurrogate(c)) {
                return false;
            }
        }
        return true;
    }

    /** Whether every string and every field name in {@code node} is {@link #storable(String) storable}. */
    static boolean storable(JsonNode node) {
        if (node.isString()) {
            return storable(node.asString());
        }
        if (node.isObject()) {
            return node.properties().stream().allMatch(e -> storable(e.getKey()) && storable(e.getValue()));
        }
        return node.valueStream().allMatch(FormErrors::storable);
    }

    /** Reports every field of the form whose submitted text could not be stored. */
    FormErrors checkText(Map<String, String> params) {
        fields.keySet().forEach(param -> checkText(param, params.get(param)));
        return this;
    }

    /** Reports the field posted as {@code param} when {@code value}, its text, could not be stored. */
    FormErrors checkText(String param, @Nullable String value) {
        if (value != null && !storable(value)) {
            add(param, UNSTORABLE);
        }
        return this;
    }

    /** Adds "{label} {predicate}." for the field posted as {@code param}, e.g. "Name is required.". */
    FormErrors add(String param, String predicate) {
        Field field = fields.get(param);
        if (field == null) {
            return addToForm(param + " " + predicate);
        }
        return addSentence(param, field.label() + " " + predicate);
    }

    /** Adds a message in words of its own for the field posted as {@code param}. */
    FormErrors addSentence(String param, String sentence) {
        Field field = fields.get(param);
        String message = sentence(sentence);
        var problem = new Problem(field == null ? null : field.id(), message);
        if (!problems.contains(problem)) {
            problems.add(problem);
        }
        return this;
    }

    /** Adds a message about the whole form. */
    FormErrors addToForm(String sentence) {
        var problem = new Problem(null, sentence(sentence));
        if (!problems.contains(problem)) {
            problems.add(problem);
        }
        return this;
    }

    /**
     * Adds a service's refusal: each field problem beside the field {@code paramOf} names for it (or
     * to the whole form when it names none), or the refusal's detail when it names no field. A field
     * that has a problem already keeps only that one: what the form found first (a number that is
     * not one, say) is what to fix, and the service's view of the same field (that it is missing)
     * would only confuse.
     */
    FormErrors addAll(ApiProblem problem, Function<String, @Nullable String> paramOf) {
        if (problem.errors().isEmpty()) {
            return addToForm(String.valueOf(problem.getMessage()));
        }
        Set<String> checked =
                problems.stream().map(Problem::field).filter(Objects::nonNull).collect(Collectors.toSet());
        for (ApiProblem.FieldProblem p : problem.errors()) {
            String param = paramOf.apply(p.field());
            String words = plain(p.message());
            if (param != null && fields.containsKey(param)) {
                if (!checked.contains(fields.get(param).id())) {
                    add(param, words);
                }
            } else {
                addToForm(
                        p.field().isBlank() || p.field().startsWith("arguments")
                                ? aboutArguments(p)
                                : "“" + p.field() + "” " + words);
            }
        }
        return this;
    }

    /** Adds a service's refusal whose field names are the form's parameters. */
    FormErrors addAll(ApiProblem problem) {
        return addAll(problem, Function.identity());
    }

    /**
     * Adds a service's 422 or 409, whose field names are the form's parameters; any other refusal is
     * thrown on, for the console's error page ({@link SettingsTab#refusedOnForm}).
     */
    FormErrors addRefusal(ApiProblem problem) {
        SettingsTab.refusedOnForm(problem);
        return addAll(problem);
    }

    boolean isEmpty() {
        return problems.isEmpty();
    }

    public String headline() {
        return headline;
    }

    /** Whether the page should show these errors in the form whose element id is {@code formId}. */
    public boolean isFor(String formId) {
        return !problems.isEmpty() && form.equals(formId);
    }

    /** Every problem: those about the whole form first, then the fields' in the order the page shows them. */
    public List<Problem> problems() {
        var order = new ArrayList<String>();
        fields.values().forEach(f -> order.add(f.id()));
        return problems.stream()
                .sorted(Comparator.comparingInt(p -> p.field() == null ? -1 : order.indexOf(p.field())))
                .toList();
    }

    public boolean has(String fieldId) {
        return problems.stream().anyMatch(p -> fieldId.equals(p.field()));
    }

    /** The messages of the field whose element id is {@code fieldId}, or null when it has none. */
    public @Nullable String message(String fieldId) {
        String text = problems.stream()
                .filter(p -> fieldId.equals(p.field()))
                .map(Problem::message)
                .collect(Collectors.joining(" "));
        return text.isEmpty() ? null : text;
    }

    /** {@code "true"} for a field with a problem, else null, which leaves {@code aria-invalid} out. */
    public @Nullable String invalid(String fieldId) {
        return has(fieldId) ? "true" : null;
    }

    /** The ids that describe a field: its hints, then its message when it has one; null when none. */
    public @Nullable String describedBy(String fieldId, String... hints) {
        var ids = new ArrayList<>(List.of(hints));
        if (has(fieldId)) {
            ids.add(fieldId + "-errors");
        }
        return ids.isEmpty() ? null : String.join(" ", ids);
    }

    /**
     * A problem with a tool's arguments as a sentence of its own: "“email” is required", "Either email
     * or phone is required", "The arguments must be an object".
     */
    static String aboutArguments(ApiProblem.FieldProblem problem) {
        String field = problem.field();
        String words = plain(problem.message());
        if (field.startsWith("arguments.")) {
            return "“" + field.substring("arguments.".length()) + "” " + words;
        }
        if (!field.isBlank() && !field.equals("arguments")) {
            return "“" + field + "” " + words;
        }
        return words.startsWith("either ") ? words : "The arguments " + words;
    }

    /**
     * A service's message as a member can read it: a message that shows a pattern or a validator's
     * path instead of words becomes a plain one.
     */
    static String plain(String message) {
        return REGEX_MESSAGE.matcher(message).matches() ? "is not in the expected form" : message;
    }

    private static String sentence(String text) {
        String trimmed = text.strip();
        if (trimmed.isEmpty()) {
            return "Something in this form needs fixing.";
        }
        String first = trimmed.substring(0, 1).toUpperCase(Locale.ROOT) + trimmed.substring(1);
        return first.endsWith(".") || first.endsWith("?") || first.endsWith("!") ? first : first + ".";
    }
}

package com.polaris.operator.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.polaris.operator.api.ApiProblem;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.From;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import tools.jackson.databind.json.JsonMapper;

/** What a console form says is wrong, checked over many generated inputs. */
class FormErrorsTest {

    private static final JsonMapper JSON = JsonMapper.shared();

    /** Text PostgreSQL stores: no NUL, and nothing UTF-8 cannot encode (a lone surrogate). */
    private static boolean storedByPostgresql(String text) {
        return text.indexOf('\u0000') < 0 && StandardCharsets.UTF_8.newEncoder().canEncode(text);
    }

    @Property(tries = 2000)
    void textIsStorableExactlyWhenItHasNoNulAndIsValidUnicode(@ForAll("texts") String text) {
        assertThat(FormErrors.storable(text)).isEqualTo(storedByPostgresql(text));
    }

    @Property(tries = 500)
    void jsonIsStorableExactlyWhenEveryNameAndStringInItIs(
            @ForAll("texts") String name, @ForAll("texts") String value) {
        var node = JSON.createObjectNode();
        node.putObject("outer").putArray("list").add(1).addObject().put(name, value);
        assertThat(FormErrors.storable(node)).isEqualTo(storedByPostgresql(name) && storedByPostgresql(value));
    }

    /** Every field whose text cannot be stored is reported beside it, with its label; no other field is. */
    @Property(tries = 300)
    void everyFieldWithUnstorableTextAndNoOtherIsReported(
            @ForAll @Size(min = 1, max = 8) List<@From("texts") String> values) {
        var fields = new ArrayList<FormErrors.Field>();
        var params = new LinkedHashMap<String, String>();
        for (int i = 0; i < values.size(); i++) {
            fields.add(new FormErrors.Field("p" + i, "field-" + i, "Field " + i));
            params.put("p" + i, values.get(i));
        }

        var errors = new FormErrors("form", fields).checkText(params);

        for (int i = 0; i < values.size(); i++) {
            boolean bad = !storedByPostgresql(values.get(i));
            assertThat(errors.has("field-" + i)).isEqualTo(bad);
            assertThat(errors.invalid("field-" + i)).isEqualTo(bad ? "true" : null);
            if (bad) {
                assertThat(errors.message("field-" + i))
                        .startsWith("Field " + i + " contains a character that cannot be saved");
                assertThat(errors.describedBy("field-" + i, "hint")).isEqualTo("hint field-" + i + "-errors");
            } else {
                assertThat(errors.describedBy("field-" + i)).isNull();
            }
        }
        assertThat(errors.isFor("form")).isEqualTo(values.stream().anyMatch(v -> !storedByPostgresql(v)));
    }

    /** However problems are found, they are listed with those about the whole form first, then in the form's order. */
    @Property(tries = 300)
    void problemsAreListedInTheOrderOfTheForm(
            @ForAll @Size(min = 1, max = 12) List<@IntRange(min = -1, max = 5) Integer> found) {
        var fields = new ArrayList<FormErrors.Field>();
        for (int i = 0; i <= 5; i++) {
            fields.add(new FormErrors.Field("p" + i, "field-" + i, "Field " + i));
        }
        var errors = new FormErrors("form", fields);
        for (int n = 0; n < found.size(); n++) {
            int i = found.get(n);
            if (i < 0) {
                errors.addToForm("Problem " + n + " of the form");
            } else {
                errors.add("p" + i, "has problem " + n);
            }
        }

        var order = errors.problems().stream()
                .map(p -> p.field() == null ? -1 : Integer.parseInt(p.field().substring("field-".length())))
                .toList();
        assertThat(order).isSorted();
        assertThat(errors.problems()).hasSize(found.size());
    }

    /** A service's field problems land beside the fields they name; a field the form checked keeps its first problem only. */
    @Example
    void aServiceRefusalGoesBesideItsFieldsUnlessTheFormFoundAProblemThereFirst() {
        var errors = new FormErrors(
                "form",
                List.of(
                        new FormErrors.Field("arg.percent", "field-percent", "Percent"),
                        new FormErrors.Field("arg.customer", "field-customer", "Customer")));
        errors.add("arg.percent", "must be a number, such as 2.5");
        var refusal = new ApiProblem(
                ApiProblem.Kind.INVALID,
                "validation-failed",
                "Validation failed",
                "Invalid.",
                List.of(
                        new ApiProblem.FieldProblem("arguments.percent", "is required"),
                        new ApiProblem.FieldProblem("arguments.customer", "must match ^[A-Z].*$"),
                        new ApiProblem.FieldProblem("arguments", "either email or phone is required")));

        errors.addAll(refusal, SchemaForm::param);

        assertThat(errors.message("field-percent")).isEqualTo("Percent must be a number, such as 2.5.");
        assertThat(errors.message("field-customer")).isEqualTo("Customer is not in the expected form.");
        assertThat(errors.problems())
                .first()
                .isEqualTo(new FormErrors.Problem(null, "Either email or phone is required."));
    }

    /**
     * Whatever is typed into a number field is read as the number it is or reported beside the
     * field in words; never an exception, never a number of absurd size.
     */
    @Property(tries = 2000)
    void aNumberFieldReadsTheNumberTypedOrSaysWhy(@ForAll("typedNumbers") String typed) {
        var schema = JSON.readTree("""
                {"type": "object", "properties": {"percent": {"type": "number"}, "count": {"type": "integer"}}}""");
        var errors = new FormErrors("edit-form", SchemaForm.formFields(schema));

        var read = SchemaForm.read(schema, Map.of("arg.percent", typed, "arg.count", typed), errors);

        for (String name : List.of("percent", "count")) {
            if (errors.has("field-" + name)) {
                assertThat(read.has(name)).isFalse();
                assertThat(errors.message("field-" + name)).matches("(Percent|Count) must (be|have) .*\\.");
            } else if (!typed.isBlank()) {
                BigDecimal number = new BigDecimal(typed.trim());
                assertThat(read.get(name).decimalValue()).isEqualByComparingTo(number);
                assertThat(number.precision() - number.scale()).isLessThanOrEqualTo(15);
            }
        }
    }

    @Example
    void aMessageThatShowsAPatternIsSaidInWords() {
        assertThat(FormErrors.plain("must match ^[a-z][a-z0-9_]{2,63}$")).isEqualTo("is not in the expected form");
        assertThat(FormErrors.plain("$.percent: must have a minimum value of 0"))
                .isEqualTo("is not in the expected form");
        assertThat(FormErrors.plain("must be an email address")).isEqualTo("must be an email address");
    }

    @Provide
    Arbitrary<String> texts() {
        Arbitrary<Character> awkward = Arbitraries.of(
                '\u0000', '\uD800', '\uDBFF', '\uDC00', '\uDFFF', 'a', 'é', '\n', '\u00A0', '\uFFFD', '\uFFFF');
        Arbitrary<String> pairs = Arbitraries.of("😀", "𝄞", "\uD83D\uDE00");
        return Arbitraries.oneOf(
                Arbitraries.strings().all().ofMaxLength(12),
                Arbitraries.strings().withChars('a', 'b', ' ').ofMaxLength(6),
                Combinators.combine(
                                Arbitraries.strings().alpha().ofMaxLength(4),
                                awkward,
                                pairs,
                                Arbitraries.strings().alpha().ofMaxLength(4))
                        .as((a, c, p, b) -> a + c + p + b + c));
    }

    @Provide
    Arbitrary<String> typedNumbers() {
        return Arbitraries.oneOf(
                Arbitraries.bigDecimals().map(BigDecimal::toString),
                Arbitraries.bigDecimals().map(BigDecimal::toPlainString),
                Arbitraries.doubles().map(d -> Double.toString(d)),
                Arbitraries.strings().withChars("0123456789.eE+-, ").ofMaxLength(14),
                Arbitraries.of(
                        "1e999999999", "-1e-999999999", "1.0", "NaN", "Infinity", " 12 ", "", "١٢", "0x1F", "1_000"));
    }
}

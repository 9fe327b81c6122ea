package com.polaris.operator.policy;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.google.common.collect.ImmutableSet;
import com.google.re2j.PatternSyntaxException;
import dev.cel.bundle.Cel;
import dev.cel.bundle.CelFactory;
import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelErrorCode;
import dev.cel.common.CelIssue;
import dev.cel.common.CelOptions;
import dev.cel.common.CelSourceLocation;
import dev.cel.common.CelValidationException;
import dev.cel.common.CelValidationResult;
import dev.cel.common.ast.CelExpr;
import dev.cel.common.navigation.CelNavigableAst;
import dev.cel.common.navigation.CelNavigableExpr;
import dev.cel.common.types.CelKind;
import dev.cel.common.types.MapType;
import dev.cel.common.types.SimpleType;
import dev.cel.common.values.NullValue;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelEvaluationListener;
import dev.cel.runtime.CelRuntime;
import dev.cel.validator.CelValidator;
import dev.cel.validator.CelValidatorFactory;
import dev.cel.validator.validators.DurationLiteralValidator;
import dev.cel.validator.validators.TimestampLiteralValidator;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import lombok.AccessLevel;
import lombok.RequiredArgsConstructor;
import org.jspecify.annotations.Nullable;

/**
 * A CEL expression that decides something about one action ({@code approvalWhen},
 * {@code routes[].when}, a standing approval's {@code when}), compiled and type-checked once.
 *
 * <p>Every condition sees the same variables ({@link ConditionInput}): {@code args} (the action's
 * arguments as a map), {@code conversation} ({@code id}, {@code channel}, {@code excerpt}),
 * {@code requestedBy} ({@code type}, {@code id}, {@code name}, {@code role}), {@code tool} (a
 * string) and {@code now} (a timestamp). Numbers compare across int and double ({@code args.percent
 * > 15} holds for 20.5, {@code args.count == 2.0} for 2). A condition must give true or false.
 *
 * <p>Limits, so that a condition written by a workspace cannot hold up the proposal path: at most
 * {@value #MAX_LENGTH} characters; at most {@value #MAX_ITERATIONS} comprehension iterations per
 * evaluation (nested ones count together); regular expressions in {@code matches} at most
 * {@value #MAX_REGEX_PROGRAM_SIZE} in RE2 program size (RE2 matches in linear time, so there is no
 * catastrophic backtracking); and {@link #TIME_LIMIT} per evaluation, checked after every step.
 *
 * <p>Immutable and safe to share between threads: {@link #test} may run concurrently.
 */
@RequiredArgsConstructor(access = AccessLevel.PRIVATE)
public final class Condition {

    /** The longest expression accepted, in characters. */
    public static final int MAX_LENGTH = 1_000;

    /** Comprehension iterations ({@code all}, {@code exists}, {@code map} …) one evaluation may use. */
    public static final int MAX_ITERATIONS = 10_000;

    /** The largest regular expression {@code matches} accepts, in RE2 program size. */
    public static final int MAX_REGEX_PROGRAM_SIZE = 1_000;

    /**
     * How long one evaluation may run before it fails. A backstop behind the iteration and regex
     * limits, generous enough that a cold JVM or a busy machine does not fail an ordinary condition.
     */
    public static final Duration TIME_LIMIT = Duration.ofSeconds(1);

    private static final CelOptions OPTIONS = CelOptions.current()
            .enableHeterogeneousNumericComparisons(true)
            .comprehensionMaxIterations(MAX_ITERATIONS)
            .maxRegexProgramSize(MAX_REGEX_PROGRAM_SIZE)
            .maxExpressionCodePointSize(MAX_LENGTH)
            .build();

    private static final Cel CEL = CelFactory.plannerCelBuilder()
            .setOptions(OPTIONS)
            .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
            .addVar("args", MapType.create(SimpleType.STRING, SimpleType.DYN))
            .addVar("conversation", MapType.create(SimpleType.STRING, SimpleType.DYN))
            .addVar("requestedBy", MapType.create(SimpleType.STRING, SimpleType.DYN))
            .addVar("tool", SimpleType.STRING)
            .addVar("now", SimpleType.TIMESTAMP)
            .build();

    /** The fields of the variables whose shape is fixed; {@code args} is whatever the tool takes. */
    private static final Map<String, List<String>> FIELDS = Map.of(
            "conversation", List.of("id", "channel", "excerpt"),
            "requestedBy", List.of("type", "id", "name", "role"));

    /** Literals and field names checked when a condition is saved rather than when it first runs. */
    private static final CelValidator CHECKS_ON_SAVE = CelValidatorFactory.standardCelValidatorBuilder(CEL)
            .addAstValidators(
                    TimestampLiteralValidator.INSTANCE,
                    DurationLiteralValidator.INSTANCE,
                    new ConditionChecks.RegexLiterals(MAX_REGEX_PROGRAM_SIZE),
                    new ConditionChecks.KnownFields(FIELDS))
            .build();

    /** What a condition may give as far as the checker knows: true or false, or a value known only when it runs. */
    private static final ImmutableSet<CelKind> BOOLEAN_OR_DYNAMIC = ImmutableSet.of(CelKind.BOOL, CelKind.DYN);

    /** Where a runtime error happened, as CEL writes it: {@code evaluation error at <input>:14: ...}. */
    private static final Pattern ERROR_OFFSET = Pattern.compile("^evaluation error at [^:]*:(\\d+):");

    /**
     * Conditions already compiled, by their text. Policies are read on every proposal and compiling
     * costs far more than evaluating; a compiled condition is immutable, so one may serve everyone.
     */
    private static final Cache<String, Condition> COMPILED =
            Caffeine.newBuilder().maximumSize(2_000).build();

    private final String expression;
    private final CelAbstractSyntaxTree ast;
    private final CelRuntime.Program program;

    /**
     * Parses and type-checks {@code expression}, or finds it already compiled.
     *
     * @throws InvalidCondition with the position of the first error when it is not a valid condition
     */
    public static Condition compile(String expression) {
        Condition known = COMPILED.getIfPresent(expression);
        if (known != null) {
            return known;
        }
        Condition compiled = compileAnew(expression);
        COMPILED.put(expression, compiled);
        return compiled;
    }

    private static Condition compileAnew(String expression) {
        int length = expression.codePointCount(0, expression.length());
        if (length > MAX_LENGTH) {
            throw new InvalidCondition(
                    1, 1, "the condition has " + length + " characters; at most " + MAX_LENGTH + " are allowed");
        }
        if (expression.isBlank()) {
            throw new InvalidCondition(1, 1, "the condition is empty; write an expression that gives true or false");
        }
        CelAbstractSyntaxTree ast;
        try {
            ast = checked(CHECKS_ON_SAVE.validate(
                            checked(CEL.compile(expression)).getAst()))
                    .getAst();
        } catch (CelValidationException e) {
            throw invalid(e.getErrors());
        }
        if (!BOOLEAN_OR_DYNAMIC.contains(ast.getResultType().kind())) {
            throw new InvalidCondition(
                    1,
                    1,
                    "the condition must be true or false, but this expression gives a value of type "
                            + ast.getResultType().name());
        }
        try {
            return new Condition(expression, ast, CEL.createProgram(ast));
        } catch (CelEvaluationException e) {
            throw new InvalidCondition(1, 1, "the condition cannot be prepared for evaluation: " + e.getMessage());
        }
    }

    /** The expression as written. */
    public String expression() {
        return expression;
    }

    /**
     * Whether the condition holds for one action.
     *
     * @throws ConditionFailed when it cannot say: a missing key, a value of the wrong type, a result
     *     that is not true or false, or a limit reached. Callers fail closed.
     */
    public boolean test(ConditionInput input) {
        Map<String, Object> variables = ConditionVariables.of(input);
        var deadline = new Deadline(System.nanoTime() + TIME_LIMIT.toNanos());
        Object result;
        try {
            result = program.trace(variables, deadline);
        } catch (CelEvaluationException e) {
            throw deadline.passed ? timeLimit() : failure(e);
        }
        if (deadline.passed) {
            // CEL's logical operators absorb errors (true || error is true): a result reached after
            // the deadline tripped may rest on a step that never ran.
            throw timeLimit();
        }
        if (result instanceof Boolean value) {
            return value;
        }
        throw new ConditionFailed(
                ConditionFailed.Kind.NOT_BOOLEAN,
                "The condition gave " + typeName(result) + " instead of true or false.");
    }

    @Override
    public String toString() {
        return expression;
    }

    private static CelValidationResult checked(CelValidationResult result) {
        if (result.hasError()) {
            throw invalid(result.getErrors());
        }
        return result;
    }

    private static InvalidCondition invalid(List<CelIssue> issues) {
        CelIssue first = issues.getFirst();
        CelSourceLocation at = first.getSourceLocation();
        int line = at.getLine() > 0 ? at.getLine() : 1;
        int column = at.getColumn() >= 0 ? at.getColumn() + 1 : 1;
        return new InvalidCondition(line, column, readable(first.getMessage()));
    }

    /**
     * CEL's own wording, less the container it resolved names in (there is only the root one) and
     * the list of every overload it knows.
     */
    private static String readable(String message) {
        String readable = message.replace(" (in container '')", "");
        int candidates = readable.indexOf(" (candidates: ");
        return candidates < 0 ? readable : readable.substring(0, candidates);
    }

    /** Says what went wrong in our words: CEL's own may quote a value of the action (a malformed date …). */
    private ConditionFailed failure(CelEvaluationException e) {
        Optional<Integer> offset = offset(e);
        String at = offset.flatMap(o -> ast.getSource().getOffsetLocation(o))
                .map(l -> " at " + l.getLine() + ":" + (l.getColumn() + 1))
                .orElse("");
        Throwable cause = rootCause(e);
        String message = Optional.ofNullable(cause.getMessage()).orElse("");
        if (message.startsWith("Regex pattern exceeds allowed program size")
                || cause instanceof PatternSyntaxException) {
            return new ConditionFailed(
                    ConditionFailed.Kind.REGEX_LIMIT,
                    "The condition's regular expression" + at + " is not valid or larger than " + MAX_REGEX_PROGRAM_SIZE
                            + " (RE2 program size).");
        }
        CelErrorCode code = e.getErrorCode();
        return switch (code) {
            case ATTRIBUTE_NOT_FOUND, INDEX_OUT_OF_BOUNDS ->
                new ConditionFailed(
                        ConditionFailed.Kind.MISSING_VALUE,
                        offset.flatMap(this::selectedField)
                                .map(field -> "The condition reads '" + field + "', which the action does not have" + at
                                        + ".")
                                .orElse("The condition reads a key or index the action does not have" + at + "."));
            case OVERLOAD_NOT_FOUND ->
                new ConditionFailed(
                        ConditionFailed.Kind.WRONG_TYPE,
                        "The condition met a value of a type it cannot use, or a null," + at + ".");
            case ITERATION_BUDGET_EXCEEDED ->
                new ConditionFailed(
                        ConditionFailed.Kind.ITERATION_LIMIT,
                        "The condition went over its budget of " + MAX_ITERATIONS + " comprehension iterations" + at
                                + ".");
            default ->
                new ConditionFailed(
                        ConditionFailed.Kind.ERROR,
                        "The condition could not be evaluated" + at + " ("
                                + code.name().toLowerCase(Locale.ROOT).replace('_', ' ') + ").");
        };
    }

    private static ConditionFailed timeLimit() {
        return new ConditionFailed(
                ConditionFailed.Kind.TIME_LIMIT,
                "The condition took longer than " + TIME_LIMIT.toMillis() + " ms to evaluate.");
    }

    /** Where in the expression (in code points) CEL says a runtime error happened, if it says. */
    private static Optional<Integer> offset(CelEvaluationException e) {
        Matcher m = ERROR_OFFSET.matcher(String.valueOf(e.getMessage()));
        return m.find() ? Optional.of(Integer.parseInt(m.group(1))) : Optional.empty();
    }

    /**
     * The field a selection at {@code offset} reads ({@code percent} in {@code args.percent}): a name
     * written in the expression, never a value from the action.
     */
    private Optional<String> selectedField(int offset) {
        Map<Long, Integer> positions = ast.getSource().getPositionsMap();
        return CelNavigableAst.fromAst(ast)
                .getRoot()
                .allNodes()
                .map(CelNavigableExpr::expr)
                .filter(expr -> expr.getKind() == CelExpr.ExprKind.Kind.SELECT
                        && Integer.valueOf(offset).equals(positions.get(expr.id())))
                .map(expr -> expr.select().field())
                .findFirst();
    }

    private static Throwable rootCause(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause;
    }

    private static String typeName(@Nullable Object value) {
        return switch (value) {
            case null -> "nothing";
            case NullValue n -> "null";
            case Long l -> "an int";
            case Double d -> "a double";
            case String s -> "a string";
            case List<?> l -> "a list";
            case Map<?, ?> m -> "a map";
            default -> "a value of another type";
        };
    }

    /**
     * Watches one evaluation's clock. CEL calls it after each step; past the deadline it throws, and
     * remembers that it did in case CEL absorbs the error.
     */
    @RequiredArgsConstructor
    private static final class Deadline implements CelEvaluationListener {

        private final long deadlineNanos;
        private volatile boolean passed;

        @Override
        public void callback(CelExpr expr, Object evaluatedResult) {
            if (passed || System.nanoTime() - deadlineNanos > 0) {
                passed = true;
                throw new IllegalStateException("time limit reached");
            }
        }
    }
}

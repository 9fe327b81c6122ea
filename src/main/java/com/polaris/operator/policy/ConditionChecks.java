package com.polaris.operator.policy;

import com.google.re2j.PatternSyntaxException;
import dev.cel.bundle.Cel;
import dev.cel.common.ast.CelConstant;
import dev.cel.common.ast.CelExpr;
import dev.cel.common.navigation.CelNavigableAst;
import dev.cel.common.navigation.CelNavigableExpr;
import dev.cel.validator.CelAstValidator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import lombok.RequiredArgsConstructor;

/** The checks a {@link Condition} passes when it is saved, beyond CEL's own type check. */
final class ConditionChecks {

    private ConditionChecks() {}

    /**
     * Refuses a literal pattern in {@code matches} that RE2 (the engine CEL uses when it runs) cannot
     * compile or that is over the size limit, so the author hears of it on save.
     */
    @RequiredArgsConstructor
    static final class RegexLiterals implements CelAstValidator {

        private final int maxProgramSize;

        @Override
        public void validate(CelNavigableAst navigableAst, Cel cel, IssuesFactory issues) {
            expressions(navigableAst)
                    .filter(expr -> expr.getKind() == CelExpr.ExprKind.Kind.CALL
                            && expr.call().function().equals("matches"))
                    .forEach(expr -> {
                        var call = expr.call();
                        int index = call.target().isPresent() ? 0 : 1;
                        if (call.args().size() <= index) {
                            return;
                        }
                        CelExpr pattern = call.args().get(index);
                        if (pattern.getKind() != CelExpr.ExprKind.Kind.CONSTANT
                                || pattern.constant().getKind() != CelConstant.Kind.STRING_VALUE) {
                            return;
                        }
                        try {
                            int size = com.google.re2j.Pattern.compile(
                                            pattern.constant().stringValue())
                                    .programSize();
                            if (size > maxProgramSize) {
                                issues.addError(
                                        pattern.id(),
                                        "the regular expression is too large (" + size
                                                + " in RE2 program size, at most " + maxProgramSize + ")");
                            }
                        } catch (PatternSyntaxException e) {
                            issues.addError(pattern.id(), "the regular expression is not valid: " + e.getMessage());
                        }
                    });
        }
    }

    /**
     * Refuses a field of {@code conversation} or {@code requestedBy} that does not exist
     * ({@code conversation.chanel}): it could never be read, so the condition would fail on every
     * action.
     */
    @RequiredArgsConstructor
    static final class KnownFields implements CelAstValidator {

        private final Map<String, List<String>> fields;

        @Override
        public void validate(CelNavigableAst navigableAst, Cel cel, IssuesFactory issues) {
            expressions(navigableAst)
                    .filter(expr -> expr.getKind() == CelExpr.ExprKind.Kind.SELECT
                            && expr.select().operand().getKind() == CelExpr.ExprKind.Kind.IDENT)
                    .forEach(expr -> {
                        String variable = expr.select().operand().ident().name();
                        List<String> known = fields.get(variable);
                        String field = expr.select().field();
                        if (known != null && !known.contains(field)) {
                            issues.addError(
                                    expr.id(),
                                    variable + " has no field '" + field + "'; it has " + String.join(", ", known));
                        }
                    });
        }
    }

    /** Every expression of a condition, however deeply nested. */
    private static Stream<CelExpr> expressions(CelNavigableAst ast) {
        return ast.getRoot().allNodes().map(CelNavigableExpr::expr);
    }
}

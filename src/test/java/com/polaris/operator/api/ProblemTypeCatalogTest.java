package com.polaris.operator.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * {@link ProblemType} is the catalog the OpenAPI document lists problems from: every problem type the
 * code answers with is in it, and it lists none the code never answers. A new refusal with a new slug
 * fails here until it has its constant (status, title, meaning).
 */
class ProblemTypeCatalogTest {

    private static final Path SOURCES = Path.of("src", "main", "java");
    private static final List<Pattern> SLUGS = List.of(
            Pattern.compile("Kind\\.[A-Z_]+,\\s*\"([a-z-]+)\""),
            Pattern.compile("conflict\\(\\s*\"([a-z-]+)\""),
            Pattern.compile("HttpStatus\\.[A-Z_]+,\\s*\"([a-z-]+)\""));

    @Test
    void everyProblemTypeTheCodeAnswersIsInTheCatalogAndNoOther() throws IOException {
        Set<String> answered = answeredSlugs();
        Set<String> catalog = Arrays.stream(ProblemType.values())
                .map(ProblemType::slug)
                .collect(Collectors.toCollection(TreeSet::new));

        assertThat(answered).as("slugs found in the code").isNotEmpty();
        var missing = new TreeSet<>(answered);
        missing.removeAll(catalog);
        assertThat(missing)
                .as("problem types the code answers but api/ProblemType does not list (add a constant, then name it"
                        + " in the @ProblemAnswers of the operations that answer it)")
                .isEmpty();
        var unused = new TreeSet<>(catalog);
        unused.removeAll(answered);
        assertThat(unused)
                .as("api/ProblemType constants whose slug the code never answers")
                .isEmpty();
    }

    private static Set<String> answeredSlugs() throws IOException {
        var slugs = new TreeSet<String>();
        try (Stream<Path> files = Files.walk(SOURCES)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                if (file.getFileName().toString().equals("ProblemType.java")) {
                    continue;
                }
                String text = Files.readString(file);
                for (Pattern pattern : SLUGS) {
                    pattern.matcher(text).results().forEach(m -> slugs.add(m.group(1)));
                }
            }
        }
        return slugs;
    }
}

package com.polaris.operator.api;

import com.polaris.operator.PostgresApiTest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;

/**
 * Every error under {@code /api/**} is a problem document, those Tomcat raises before the
 * application sees the request included; every error elsewhere is the console's page. Requests go
 * over a raw socket, so what an HTTP library would refuse to send really reaches Tomcat.
 */
class ErrorAnswersApiTest extends PostgresApiTest {

    /** What Tomcat refuses in an address: broken or forbidden escapes, malformed UTF-8, NUL, encoded slashes. */
    private static Arbitrary<String> brokenSegment() {
        Arbitrary<String> escape = Arbitraries.of(
                "%00",
                "%zz",
                "%",
                "%2",
                "%G1",
                "%2F",
                "%2f",
                "%5C",
                "%C0%80",
                "%ED%A0%80",
                "%FF",
                "%C3%28",
                "%E2%82",
                "%F4%90%80%80",
                "%C3");
        // No hex digits around the escape, so a cut-short one is not completed by its neighbour ("%2" + "c").
        Arbitrary<String> plain = Arbitraries.strings().withCharRange('g', 'z').ofMaxLength(6);
        return Combinators.combine(plain, escape, plain).as((a, b, c) -> a + b + c);
    }

    private static void isProblem(SoftAssertions soft, RawHttp.Response answer, String what) {
        soft.assertThat(answer.status()).as(what).isBetween(400, 499);
        soft.assertThat(answer.contentType()).as("%s: %s", what, answer).startsWith("application/problem+json");
        soft.assertThat(answer.body())
                .as(what)
                .contains("\"status\":" + answer.status())
                .contains("\"type\":\"https://polaris-operator.dev/problems/")
                .doesNotContain("Tomcat", "<html");
    }

    private static void isConsolePage(SoftAssertions soft, RawHttp.Response answer, String what) {
        soft.assertThat(answer.status()).as(what).isBetween(400, 499);
        soft.assertThat(answer.contentType()).as("%s: %s", what, answer).startsWith("text/html");
        soft.assertThat(answer.body())
                .as(what)
                .contains("/console.css", "Polaris Operator", "problem-card")
                .doesNotContain("Tomcat", "Whitelabel", "HTTP Status");
    }

    @Test
    void anAddressTomcatRefusesIsAProblemUnderTheApiAndAPageElsewhere() {
        String key = newWorkspace().integrationKey().token();
        var soft = new SoftAssertions();
        for (String segment : HostileText.samples(brokenSegment(), 40)) {
            for (String prefix : List.of("/api/v1/actions/", "/api/v1/tools/", "/api/v1/")) {
                var answer =
                        RawHttp.send(port, "GET " + prefix + segment + " HTTP/1.1\r\nAuthorization: Bearer " + key);
                isProblem(soft, answer, prefix + segment);
            }
            for (String prefix : List.of("/actions/", "/tools/", "/")) {
                isConsolePage(soft, RawHttp.send(port, "GET " + prefix + segment + " HTTP/1.1"), prefix + segment);
            }
        }
        soft.assertAll();
    }

    @Test
    void aHeaderTooLargeForTomcatIsAProblemUnderTheApiAndAPageElsewhere() {
        String key = newWorkspace().integrationKey().token();
        var soft = new SoftAssertions();
        for (int size : HostileText.samples(Arbitraries.integers().between(9_000, 60_000), 8)) {
            String header = "Idempotency-Key: " + "k".repeat(size);
            var api = RawHttp.send(
                    port,
                    "POST /api/v1/actions HTTP/1.1\r\nAuthorization: Bearer " + key
                            + "\r\nContent-Type: application/json\r\n" + header,
                    "{}".getBytes(StandardCharsets.UTF_8));
            isProblem(soft, api, size + " bytes");
            isConsolePage(
                    soft, RawHttp.send(port, "GET /login HTTP/1.1\r\nX-Padding: " + "p".repeat(size)), size + " bytes");
        }
        soft.assertAll();
    }

    @Test
    void theErrorAddressItselfAnswersInKind() {
        var soft = new SoftAssertions();
        for (String method : List.of("GET", "POST", "PUT", "DELETE")) {
            var json = RawHttp.send(port, method + " /error HTTP/1.1\r\nAccept: application/json");
            isProblem(soft, json, method + " /error as JSON");
            // The console's CSRF protection refuses a POST, PUT or DELETE without its token first.
            soft.assertThat(json.status()).isEqualTo(method.equals("GET") ? 404 : 403);
            soft.assertThat(json.body()).doesNotContain("timestamp", "999");
            var page = RawHttp.send(port, method + " /error HTTP/1.1\r\nAccept: text/html");
            soft.assertThat(page.status()).as(method).isIn(403, 404);
            soft.assertThat(page.contentType()).as("%s %s", method, page).startsWith("text/html");
            soft.assertThat(page.body()).doesNotContain("Whitelabel", "Tomcat", "999");
        }
        soft.assertAll();
    }

    @Test
    void whatSpringAndTheFirewallRefuseUnderTheApiIsAProblemWithAType() {
        String key = newWorkspace().integrationKey().token();
        String auth = "\r\nAuthorization: Bearer " + key;
        var cases = new ArrayList<String[]>();
        cases.add(new String[] {"DELETE /api/v1/actions HTTP/1.1" + auth, "405"});
        cases.add(new String[] {"PATCH /api/v1/usage HTTP/1.1" + auth, "405"});
        cases.add(new String[] {"TRACE /api/v1/actions HTTP/1.1" + auth, "405"});
        cases.add(new String[] {"GET /api/v1/actions HTTP/1.1" + auth + "\r\nAccept: text/html", "406"});
        cases.add(new String[] {"GET /api/v1/actions HTTP/1.1" + auth + "\r\nAccept: image/png", "406"});
        cases.add(new String[] {"POST /api/v1/actions HTTP/1.1" + auth + "\r\nContent-Type: text/plain", "415"});
        cases.add(new String[] {"POST /api/v1/actions HTTP/1.1" + auth + "\r\nContent-Type: application/xml", "415"});
        cases.add(new String[] {"GET /api/v1/nothing-here HTTP/1.1" + auth, "404"});
        cases.add(new String[] {"GET /api/v1/actions;x=1 HTTP/1.1" + auth, "400"});
        cases.add(new String[] {"GET /api/v1//actions HTTP/1.1" + auth, "400"});
        cases.add(new String[] {"GET /api/v1/actions HTTP/1.1", "401"});
        var soft = new SoftAssertions();
        for (String[] c : cases) {
            var answer = RawHttp.send(port, c[0], "{}".getBytes(StandardCharsets.UTF_8));
            soft.assertThat(answer.status()).as(c[0]).isEqualTo(Integer.parseInt(c[1]));
            isProblem(soft, answer, c[0]);
        }
        var tooLarge = RawHttp.send(
                port,
                "POST /api/v1/actions HTTP/1.1" + auth + "\r\nContent-Type: application/json",
                ("{\"reason\": \"" + "x".repeat(300_000) + "\"}").getBytes(StandardCharsets.UTF_8));
        soft.assertThat(tooLarge.status()).isEqualTo(413);
        isProblem(soft, tooLarge, "a body too large");
        soft.assertAll();
    }
}

package com.polaris.operator.widget;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.polaris.operator.api.ApiProblem;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Origins as a browser writes them in its Origin header, and nothing else. */
class AllowedOriginsTest {

    @Test
    void originsAreKeptAsABrowserSendsThem() {
        assertThat(AllowedOrigins.read(List.of(
                        "https://Shop.Example.com",
                        "https://shop.example.com:8443",
                        "https://www.example.com:443",
                        "http://localhost:3000",
                        "http://127.0.0.1",
                        "http://[::1]:8080",
                        "http://localhost:80")))
                .containsExactly(
                        "https://shop.example.com",
                        "https://shop.example.com:8443",
                        "https://www.example.com",
                        "http://localhost:3000",
                        "http://127.0.0.1",
                        "http://[::1]:8080",
                        "http://localhost");
    }

    @Test
    void anythingButAnOriginIsRefusedWithWhatIsWrong() {
        assertThat(AllowedOrigins.problem("http://shop.example.com")).contains("https://");
        assertThat(AllowedOrigins.problem("https://shop.example.com/")).contains("without a path");
        assertThat(AllowedOrigins.problem("https://shop.example.com?x=1")).contains("without a path");
        assertThat(AllowedOrigins.problem("https://shop.example.com#top")).contains("without a path");
        assertThat(AllowedOrigins.problem("https://user@shop.example.com")).contains("host");
        assertThat(AllowedOrigins.problem("https://")).isNotNull();
        assertThat(AllowedOrigins.problem("shop.example.com")).contains("https://");
        assertThat(AllowedOrigins.problem("*")).isNotNull();
        assertThat(AllowedOrigins.problem("null")).isNotNull();
        assertThat(AllowedOrigins.problem("javascript:alert(1)")).isNotNull();
        assertThat(AllowedOrigins.problem("https://shop_example.com")).isNotNull();
        assertThat(AllowedOrigins.problem("https://" + "a".repeat(300) + ".com"))
                .isNotNull();
        assertThat(AllowedOrigins.problem("https://shop.example.com")).isNull();
    }

    @Test
    void aListNeedsOneToTwentyDistinctOrigins() {
        assertThatThrownBy(() -> AllowedOrigins.read(List.of()))
                .isInstanceOfSatisfying(
                        ApiProblem.class,
                        p -> assertThat(p.errors())
                                .extracting(ApiProblem.FieldProblem::field)
                                .containsExactly("allowedOrigins"));
        assertThatThrownBy(() -> AllowedOrigins.read(List.of("https://a.example.com", "https://A.example.com:443")))
                .isInstanceOfSatisfying(
                        ApiProblem.class,
                        p -> assertThat(p.errors())
                                .extracting(ApiProblem.FieldProblem::message)
                                .containsExactly("is listed twice"));
    }
}

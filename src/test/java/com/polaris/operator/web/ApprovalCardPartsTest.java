package com.polaris.operator.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.polaris.operator.PostgresApiTest;
import java.util.List;
import java.util.Map;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;

/**
 * The inbox's cards, rendered once and kept ({@link CardParts}): what an agent wrote is shown as
 * text; a card shown again after a decision, or to another member, shows what is true now and for
 * that member; and each showing carries a CSRF field of its own, which its forms post.
 */
class ApprovalCardPartsTest extends PostgresApiTest {

    private static final String MARKUP = "<img src=x onerror=alert(1)><script>alert(2)</script>";

    @Test
    void whatAnAgentWroteIsShownAsTextOnEveryShowingOfTheCard() {
        var proposed = agent().post(
                        "/api/v1/actions",
                        Map.of(
                                "tool",
                                "create_lead",
                                "arguments",
                                Map.of("name", "Ana " + MARKUP, "email", "ana@example.com", "notes", MARKUP),
                                "reason",
                                "Asked for a call " + MARKUP));
        assertThat(proposed.status()).as(proposed.toString()).isEqualTo(201);
        var rita = ConsoleClient.signInAs(port, tenant(), "reviewer", "Rita");

        for (int shown = 0; shown < 2; shown++) {
            var inbox = rita.get("/approvals").document();
            Element card = inbox.getElementById("approval-" + approvalOf(tenant(), proposed.text("id")));
            assertThat(card).isNotNull();
            assertThat(card.select("img, script")).isEmpty();
            assertThat(card.selectFirst("h2").text()).contains(MARKUP);
            assertThat(card.selectFirst(".reason").text()).isEqualTo("Why: Asked for a call " + MARKUP);
            assertThat(card.select(".arguments-table td").eachText()).contains(MARKUP);
            assertThat(card.select("form.approve-form")).hasSize(1);
        }
    }

    @Test
    void aCardShownAgainAfterADecisionOrToAnotherMemberShowsWhatIsTrueNowForThatMember() {
        tenant().savePolicy(
                        "create_lead",
                        "required",
                        "immediate",
                        Map.of("businessHours", false, "reviewers", Map.of("roles", List.of("reviewer"), "quorum", 2)));
        String action = proposeLead(agent(), "Ana Ruiz", "ana@example.com").text("id");
        String approval = approvalOf(tenant(), action);
        String ritaEmail = tenant().addMember("reviewer", "Rita Reviewer");
        var rita = ConsoleClient.signIn("http://localhost:" + port, ritaEmail, MEMBER_PASSWORD);
        var rex = ConsoleClient.signInAs(port, tenant(), "reviewer", "Rex Reviewer");

        Element before = card(rita, approval);
        assertThat(before.select("form.approve-form")).hasSize(1);
        assertThat(before.select(".decisions")).isEmpty();
        assertThat(before.selectFirst(".quorum").text()).isEqualTo("0 of 2");
        assertThat(card(rex, approval).select("form.approve-form")).hasSize(1);

        // The card is kept between showings, its CSRF field is not: each showing has a field of its own.
        Element again = card(rita, approval);
        String firstToken =
                before.selectFirst("form.approve-form input[name=_csrf]").val();
        assertThat(again.select("form.approve-form input[name=_csrf]")).hasSize(1);
        assertThat(again.selectFirst("form.approve-form input[name=_csrf]").val())
                .isNotBlank()
                .isNotEqualTo(firstToken);
        var approved = rita.submit(again.selectFirst("form.approve-form"), Map.of("comment", "Fine by me"));
        assertThat(approved.status()).as(approved.body()).isEqualTo(302);

        Element ritaAfter = card(rita, approval);
        assertThat(ritaAfter.selectFirst(".quorum").text()).isEqualTo("1 of 2");
        assertThat(ritaAfter.selectFirst(".decisions").text()).contains("Approved by Rita Reviewer", "Fine by me");
        assertThat(ritaAfter.text()).contains("You approved this version; it waits for the others.");
        assertThat(ritaAfter.select("form.approve-form")).isEmpty();

        Element rexAfter = card(rex, approval);
        assertThat(rexAfter.selectFirst(".quorum").text()).isEqualTo("1 of 2");
        assertThat(rexAfter.selectFirst(".decisions").text()).contains("Approved by Rita Reviewer");
        assertThat(rexAfter.text()).doesNotContain("You approved this version");
        assertThat(rexAfter.select("form.approve-form")).hasSize(1);
    }

    private static Element card(ConsoleClient member, String approval) {
        Element card = member.get("/approvals?status=pending").document().getElementById("approval-" + approval);
        assertThat(card).as("the card of " + approval).isNotNull();
        return card;
    }
}

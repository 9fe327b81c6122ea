package com.polaris.operator.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.polaris.operator.PostgresApiTest;
import java.util.Map;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;

/**
 * The header of the console's pages, rendered once and kept ({@link ConsoleHeader}): it shows each
 * member their own name and role, the page they are on and the counts as they are now, and every
 * showing's sign-out form carries a CSRF field of its own, which signs out. The inbox's head, kept the
 * same way ({@link InboxHeads}), shows the view it is on and the pending count as it is now; so does
 * the inbox's form that decides several approvals together ({@link SelectionForms}), whose every
 * showing carries a CSRF field of its own, which decides.
 */
class ConsoleHeaderTest extends PostgresApiTest {

    @Test
    void eachMemberSeesTheirOwnNameThePageTheyAreOnAndTheCountsAsTheyAreNow() {
        var rita = ConsoleClient.signInAs(port, tenant(), "reviewer", "Rita <b>Reviewer</b>");
        var ada = ConsoleClient.signInAs(port, tenant(), "admin", "Ada Admin");

        Element ritaInbox = header(rita, "/approvals?status=pending");
        assertThat(ritaInbox.selectFirst(".who strong").text()).isEqualTo("Rita <b>Reviewer</b>");
        assertThat(ritaInbox.select(".who strong b")).isEmpty();
        assertThat(ritaInbox.selectFirst(".who .role").text()).isEqualTo("reviewer");
        assertThat(ritaInbox.select("nav a[aria-current=page]").eachText()).containsExactly("Inbox");
        assertThat(ritaInbox.select("nav .badge")).isEmpty();

        Element adaTools = header(ada, "/tools");
        assertThat(adaTools.selectFirst(".who strong").text()).isEqualTo("Ada Admin");
        assertThat(adaTools.selectFirst(".who .role").text()).isEqualTo("admin");
        assertThat(adaTools.select("nav a[aria-current=page]").eachText()).containsExactly("Tools");

        var proposed = proposeLead(tenant().integrationKey(), "Ana Ruiz", "ana@example.com");
        assertThat(proposed.status()).as(proposed.toString()).isEqualTo(201);
        for (var member : new ConsoleClient[] {rita, ada}) {
            Element after = header(member, "/approvals?status=pending");
            assertThat(after.selectFirst("nav a[href=/approvals] .badge").text())
                    .isEqualTo("1");
            assertThat(after.selectFirst(".bell .badge").text()).isEqualTo("1");
        }
        assertThat(header(rita, "/approvals?status=pending")
                        .selectFirst(".who strong")
                        .text())
                .isEqualTo("Rita <b>Reviewer</b>");
    }

    @Test
    void theInboxHeadShowsTheViewItIsOnAndThePendingCountAsItIsNow() {
        var rita = ConsoleClient.signInAs(port, tenant(), "reviewer", "Rita Reviewer");

        var before = rita.get("/approvals?status=pending&sort=oldest").document();
        assertThat(before.selectFirst(".page-head h1 .count").text()).isEqualTo("0");
        assertThat(before.select("nav.filters a[aria-current=page]").eachText()).containsExactly("pending");
        assertThat(before.select("nav.sort a[aria-current=true]").eachText()).containsExactly("Waiting longest");
        assertThat(before.selectFirst("nav.sort a").attr("href")).isEqualTo("/approvals?status=pending");

        proposeLead(tenant().integrationKey(), "Ana Ruiz", "ana@example.com");
        var after = rita.get("/approvals?status=pending&sort=oldest").document();
        assertThat(after.selectFirst(".page-head h1 .count").text()).isEqualTo("1");
        var forMe = rita.get("/approvals?for=me").document();
        assertThat(forMe.select("nav.filters a[aria-current=page]").eachText()).containsExactly("For me");
        assertThat(forMe.select(".page-head h1 .count")).isEmpty();
        assertThat(forMe.select("nav.sort a[aria-current=true]").eachText()).containsExactly("Newest first");
    }

    @Test
    void everyShowingsSignOutFormHasItsOwnCsrfFieldAndSignsOut() {
        var rita = ConsoleClient.signInAs(port, tenant(), "reviewer", "Rita Reviewer");

        Element first = header(rita, "/tools").selectFirst("form[action=/logout]");
        Element second = header(rita, "/tools").selectFirst("form[action=/logout]");
        String firstToken = first.selectFirst("input[name=_csrf]").val();
        assertThat(second.select("input[name=_csrf]")).hasSize(1);
        assertThat(second.selectFirst("input[name=_csrf]").val()).isNotBlank().isNotEqualTo(firstToken);

        var signedOut = rita.submit(second, Map.of());
        assertThat(signedOut.status()).as(signedOut.body()).isEqualTo(302);
        assertThat(signedOut.location()).contains("/login");
        assertThat(rita.get("/tools").status()).isEqualTo(302);
    }

    @Test
    void everyShowingsFormForDecidingSeveralHasItsOwnCsrfFieldAndDecides() {
        var rita = ConsoleClient.signInAs(port, tenant(), "reviewer", "Rita Reviewer");
        proposeLead(tenant().integrationKey(), "Ana Ruiz", "ana@example.com");
        var bob = proposeLead(tenant().integrationKey(), "Bob Stone", "bob@example.com");
        String bobsApproval = bob.body().path("approval").path("id").asString();

        Element first = rita.get("/approvals?for=me").document().selectFirst("form#bulk-create_lead");
        Element second = rita.get("/approvals?for=me").document().selectFirst("form#bulk-create_lead");
        assertThat(first).isNotNull();
        assertThat(second.select("input[name=_csrf]")).hasSize(1);
        assertThat(second.selectFirst("input[name=_csrf]").val())
                .isNotBlank()
                .isNotEqualTo(first.selectFirst("input[name=_csrf]").val());

        var decided = rita.submit(second, Map.of("ids", bobsApproval, "decision", "reject", "reason", "Duplicate"));
        assertThat(decided.status()).as(decided.body()).isEqualTo(302);
        var after = rita.get("/approvals?status=rejected").document();
        assertThat(after.select("article#approval-" + bobsApproval)).hasSize(1);
    }

    @Test
    void everyPageIsLaidOutOnceTheSignInPagesWithoutAHeader() {
        var ada = ConsoleClient.signInAs(port, tenant(), "admin", "Ada Admin");

        for (String[] page : new String[][] {
            {"/approvals", "Approvals", "inbox"},
            {"/actions", "Actions", "actions"},
            {"/tools/create_lead", "Create lead", "tools"},
            {"/settings/members", "Members", "settings"}
        }) {
            var document = ada.get(page[0]).document();
            assertThat(document.title()).as(page[0]).isEqualTo(page[1] + " · Polaris Operator");
            assertThat(document.select("head link[rel=stylesheet]")).as(page[0]).hasSize(1);
            assertThat(document.body().className()).as(page[0]).isEmpty();
            assertThat(document.select("body > header.top")).as(page[0]).hasSize(1);
            assertThat(document.select("body > main")).as(page[0]).hasSize(1);
        }

        var signIn = ConsoleClient.anonymous(port).get("/login").document();
        assertThat(signIn.title()).isEqualTo("Sign in · Polaris Operator");
        assertThat(signIn.body().className()).isEqualTo("signin");
        assertThat(signIn.select("header")).isEmpty();
        assertThat(signIn.select("body > main.narrow h1.brand")).hasSize(1);
    }

    private static Element header(ConsoleClient member, String path) {
        var page = member.get(path);
        assertThat(page.status()).as(page.body()).isEqualTo(200);
        Element header = page.document().selectFirst("header.top");
        assertThat(header).as("the header of " + path).isNotNull();
        return header;
    }
}

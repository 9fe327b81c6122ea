package com.polaris.operator.workspace;

import static org.assertj.core.api.Assertions.assertThat;

import com.polaris.operator.Api;
import com.polaris.operator.PostgresApiTest;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class BusinessHoursApiTest extends PostgresApiTest {

    private static final String PATH = "/api/v1/business-hours";
    private static final JsonMapper JSON = JsonMapper.shared();

    @Autowired
    BusinessHoursSchedules schedules;

    @Autowired
    JdbcClient jdbc;

    private static final String MADRID_SPLIT = """
            {"timezone": "Europe/Madrid",
             "weekly": {"tue": [["15:00", "19:00"], ["09:00", "14:00"]], "sat": [["10:00", "24:00"]]},
             "holidays": ["2026-12-25", "2026-01-06"]}""";

    private static JsonNode json(String text) {
        return JSON.readTree(text);
    }

    @Test
    void aNewWorkspaceIsOpenMondayToFridayNineToSixInItsOwnTimezone() {
        var madrid = newWorkspace("Europe/Madrid");
        var answer = madrid.owner().get(PATH);
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.body()).isEqualTo(json("""
                {"timezone": "Europe/Madrid",
                 "weekly": {"mon": [["09:00","18:00"]], "tue": [["09:00","18:00"]], "wed": [["09:00","18:00"]],
                            "thu": [["09:00","18:00"]], "fri": [["09:00","18:00"]], "sat": [], "sun": []},
                 "holidays": []}"""));
    }

    @Test
    void putAnswersTheNormalisedScheduleAndGetShowsTheSame() {
        var saved = tenant().owner().put(PATH, MADRID_SPLIT);
        assertThat(saved.status()).as(saved.toString()).isEqualTo(200);
        assertThat(saved.body()).isEqualTo(json("""
                {"timezone": "Europe/Madrid",
                 "weekly": {"mon": [], "tue": [["09:00","14:00"], ["15:00","19:00"]], "wed": [], "thu": [], "fri": [],
                            "sat": [["10:00","24:00"]], "sun": []},
                 "holidays": ["2026-01-06", "2026-12-25"]}"""));
        assertThat(tenant().owner().get(PATH).body()).isEqualTo(saved.body());
    }

    @Test
    void whatGetAnswersCanBePutBackUnchanged() {
        var newYork = newWorkspace("America/New_York");
        var current = newYork.owner().get(PATH).body();
        var again = newYork.owner().put(PATH, current);
        assertThat(again.status()).as(again.toString()).isEqualTo(200);
        assertThat(again.body()).isEqualTo(current);
    }

    @Test
    void anAdminMayReplaceTheSchedule() {
        var admin = tenant().member("admin");
        assertThat(admin.api().put(PATH, MADRID_SPLIT).status()).isEqualTo(200);
        assertThat(tenant().owner().get(PATH).text("timezone")).isEqualTo("Europe/Madrid");
    }

    @Test
    void theSavedScheduleIsWhatOtherModulesSee() {
        tenant().owner().put(PATH, MADRID_SPLIT);
        BusinessHours hours = schedules.of(tenant().id());
        // Tuesday 2026-11-24, Madrid is UTC+1
        assertThat(hours.isOpen(Instant.parse("2026-11-24T13:30:00Z")))
                .as("14:30, lunch")
                .isFalse();
        assertThat(hours.nextOpening(Instant.parse("2026-11-24T13:30:00Z")))
                .contains(Instant.parse("2026-11-24T14:00:00Z"));
        assertThat(hours.isOpen(Instant.parse("2026-11-28T22:59:59Z")))
                .as("Saturday 23:59:59")
                .isTrue();
    }

    @Test
    void invalidSchedulesGet422WithEveryFieldNamedAndNothingIsSaved() {
        var answer = tenant().owner().put(PATH, """
                {"timezone": "Europe/Atlantis",
                 "weekly": {"mon": [["18:00", "09:00"]], "tue": [["09:00", "13:00"], ["12:00", "14:00"]],
                            "wed": [["9am", "18:00"]], "someday": []},
                 "holidays": ["2026-12-25", "2026-13-01"],
                 "color": "blue"}""");
        assertThat(answer.status()).isEqualTo(422);
        assertThat(answer.header("Content-Type")).startsWith("application/problem+json");
        assertThat(answer.text("type")).endsWith("validation-failed");
        assertThat(answer.errorFields())
                .containsExactlyInAnyOrder(
                        "color",
                        "timezone",
                        "weekly.mon[0]",
                        "weekly.tue[1]",
                        "weekly.wed[0][0]",
                        "weekly.someday",
                        "holidays[1]");
        assertThat(tenant().owner().get(PATH).text("timezone")).isEqualTo("UTC");
    }

    @Test
    void anOvernightWindowIsRefused() {
        var answer =
                tenant().owner().put(PATH, "{\"timezone\": \"UTC\", \"weekly\": {\"fri\": [[\"22:00\", \"02:00\"]]}}");
        assertThat(answer.status()).isEqualTo(422);
        assertThat(answer.errorFields()).containsExactly("weekly.fri[0]");
    }

    @Test
    void malformedJsonGets400() {
        var answer = tenant().owner().sendRaw("PUT", PATH, "{\"timezone\": ", "application/json");
        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.text("type")).endsWith("malformed-json");
    }

    @Test
    void aReviewerMayReadButGets403OnPut() {
        var reviewer = tenant().member("reviewer");
        assertThat(reviewer.api().get(PATH).status()).isEqualTo(200);
        var answer = reviewer.api().put(PATH, MADRID_SPLIT);
        assertThat(answer.status()).isEqualTo(403);
        assertThat(answer.header("Content-Type")).startsWith("application/problem+json");
        assertThat(tenant().owner().get(PATH).text("timezone")).isEqualTo("UTC");
    }

    @Test
    void aViewerGets403OnPutEvenWithAnInvalidBody() {
        var viewer = tenant().member("viewer");
        assertThat(viewer.api().put(PATH, "{\"timezone\": \"nope\"}").status()).isEqualTo(403);
    }

    @Test
    void anIntegrationKeyCanReadButNotChangeTheSchedule() {
        var tokyo = newWorkspace("Asia/Tokyo");
        var key = tokyo.integrationKey();
        var answer = key.get(PATH);
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.text("timezone")).isEqualTo("Asia/Tokyo");
        assertThat(key.put(PATH, MADRID_SPLIT).status()).isEqualTo(403);
    }

    @Test
    void withoutATokenItIs401() {
        assertThat(anonymous().get(PATH).status()).isEqualTo(401);
        assertThat(anonymous().put(PATH, MADRID_SPLIT).status()).isEqualTo(401);
    }

    @Test
    void anotherWorkspaceNeverSeesTheSchedule() {
        var first = newWorkspace();
        var second = newWorkspace("America/New_York");
        assertThat(first.owner().put(PATH, MADRID_SPLIT).status()).isEqualTo(200);
        var seen = second.owner().get(PATH);
        assertThat(seen.text("timezone")).isEqualTo("America/New_York");
        assertThat(seen.body().path("holidays")).isEmpty();
        assertThat(second.integrationKey().get(PATH).text("timezone")).isEqualTo("America/New_York");
    }

    @Test
    void everyChangeIsAuditedWithTheScheduleBeforeAndAfter() {
        var madrid = newWorkspace("Europe/Madrid");
        var admin = madrid.member("admin");
        var before = madrid.owner().get(PATH).body();
        var after = admin.api().put(PATH, MADRID_SPLIT).body();
        var events = jdbc.sql("""
                        select type, actor_type, actor_id, data from audit_events
                        where workspace_id = ? and subject = 'business_hours' order by seq""")
                .param(madrid.id())
                .query((rs, n) -> List.of(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)))
                .list();
        assertThat(events).hasSize(1);
        assertThat(events.getFirst().subList(0, 3)).containsExactly("business_hours.updated", "member", admin.id());
        var data = json(events.getFirst().get(3));
        assertThat(data.path("before")).isEqualTo(before);
        assertThat(data.path("after")).isEqualTo(after);
    }

    @Test
    void concurrentChangesAreAllSavedAndChainedOneAfterAnother() throws Exception {
        int writers = 8;
        Api owner = tenant().owner();
        List<Future<Api.Response>> answers;
        try (var pool = Executors.newFixedThreadPool(writers)) {
            answers = pool.invokeAll(IntStream.range(0, writers)
                    .mapToObj(i -> (Callable<Api.Response>) () -> owner.put(
                            PATH,
                            Map.of(
                                    "timezone",
                                    "UTC",
                                    "weekly",
                                    Map.of("mon", List.of(List.of("09:00", "1%d:00".formatted(i)))))))
                    .toList());
        }
        for (var answer : answers) {
            assertThat(answer.get().status()).as(answer.get().toString()).isEqualTo(200);
        }
        var events = jdbc.sql("""
                        select subject_seq, data from audit_events
                        where workspace_id = ? and subject = 'business_hours' order by subject_seq""")
                .param(tenant().id())
                .query((rs, n) -> Map.entry(rs.getInt(1), json(rs.getString(2))))
                .list();
        assertThat(events).extracting(Map.Entry::getKey).containsExactly(1, 2, 3, 4, 5, 6, 7, 8);
        for (int i = 1; i < events.size(); i++) {
            assertThat(events.get(i).getValue().path("before"))
                    .as("event %d starts from what event %d saved", i + 1, i)
                    .isEqualTo(events.get(i - 1).getValue().path("after"));
        }
        assertThat(owner.get(PATH).body()).isEqualTo(events.getLast().getValue().path("after"));
    }
}

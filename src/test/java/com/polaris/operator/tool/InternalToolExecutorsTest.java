package com.polaris.operator.tool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import com.polaris.operator.Ids;
import com.polaris.operator.PostgresApiTest;
import com.polaris.operator.booking.BookingStatus;
import com.polaris.operator.booking.Bookings;
import com.polaris.operator.booking.StatusChange;
import com.polaris.operator.catalog.ContractTools;
import com.polaris.operator.conversation.ConversationTags;
import com.polaris.operator.lead.Leads;
import com.polaris.operator.notification.Notifications;
import com.polaris.operator.support.Priority;
import com.polaris.operator.support.SupportTasks;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.IllegalTransactionStateException;
import tools.jackson.databind.json.JsonMapper;

class InternalToolExecutorsTest extends PostgresApiTest {

    private static final String ANA = "{\"name\": \"Ana Ruiz\", \"email\": \"ana@example.com\"}";
    private static final String BOOKING = """
            {"name": "Ana Ruiz", "phone": "+34 600 123 456", "service": "Haircut",
             "requestedStart": "2026-11-23T10:15:30+01:00", "notes": "first visit"}""";

    @Autowired
    ToolExecutors executors;

    @Autowired
    InternalTools tools;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    Leads leads;

    @Autowired
    Bookings bookings;

    @Autowired
    SupportTasks supportTasks;

    @Autowired
    Notifications notifications;

    @Autowired
    ConversationTags conversationTags;

    private String workspace;

    @BeforeEach
    void workspace() {
        workspace = newWorkspace().id();
    }

    private long rows(String table) {
        return jdbc.sql("select count(*) from " + table + " where workspace_id = ?")
                .param(workspace)
                .query(Long.class)
                .single();
    }

    private static Map<String, Object> success(ToolResult result) {
        assertThat(result).isInstanceOf(ToolResult.Success.class);
        return ((ToolResult.Success) result).result();
    }

    private static ToolResult.Failure failure(ToolResult result) {
        assertThat(result).isInstanceOf(ToolResult.Failure.class);
        return (ToolResult.Failure) result;
    }

    @Test
    void everyBuiltInToolHasItsOwnExecutor() {
        assertThat(ContractTools.NAMES)
                .allSatisfy(tool -> assertThat(executors.forTool(tool))
                        .get()
                        .extracting(ToolExecutor::tool)
                        .isEqualTo(tool));
    }

    @Test
    void aNameThatIsNoToolFailsItsRunWithAClearReason() {
        var run = new ToolRun(
                workspace, Ids.next("act"), "no_such_tool", JsonMapper.shared().readTree("{}"), null);
        var result = executors.forTool("no_such_tool").orElseThrow().execute(run);
        assertThat(failure(result).code()).isEqualTo("not_available");
        assertThat(failure(result).retryable()).isFalse();
    }

    @Test
    void executorsRefuseToRunOutsideTheCallersTransaction() {
        var run = new ToolRun(
                workspace, Ids.next("act"), "create_lead", JsonMapper.shared().readTree(ANA), null);
        assertThatThrownBy(() -> executors.forTool("create_lead").orElseThrow().execute(run))
                .isInstanceOf(IllegalTransactionStateException.class);
        assertThat(rows("leads")).isZero();
    }

    @Test
    void createLeadRecordsTheLeadWithItsActionAndConversation() {
        String actionId = Ids.next("act");
        var result = success(tools.run(workspace, actionId, "create_lead", """
                {"name": " Ana Ruiz ", "email": "ana@example.com", "company": "ACME", "notes": "wants a quote"}""", "conv_81"));

        var lead = leads.find(workspace, (String) result.get("leadId")).orElseThrow();
        assertThat(result).containsOnlyKeys("leadId");
        assertThat(lead.name()).isEqualTo("Ana Ruiz");
        assertThat(lead.email()).isEqualTo("ana@example.com");
        assertThat(lead.phone()).isNull();
        assertThat(lead.company()).isEqualTo("ACME");
        assertThat(lead.notes()).isEqualTo("wants a quote");
        assertThat(lead.actionId()).isEqualTo(actionId);
        assertThat(lead.conversationId()).isEqualTo("conv_81");
    }

    /** A re-run under the same action id (after a crash) answers the first result and writes no second record. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("recordingRuns")
    void rerunReturnsTheSameResultAndWritesNothingNew(String tool, String arguments, String table) {
        String actionId = Ids.next("act");
        var first = success(tools.run(workspace, actionId, tool, arguments, null));
        var again = success(tools.run(workspace, actionId, tool, arguments, null));
        assertThat(again).isEqualTo(first);
        assertThat(rows(table)).isEqualTo(1);
    }

    static List<Object[]> recordingRuns() {
        return List.of(
                new Object[] {"create_lead", ANA, "leads"},
                new Object[] {"booking_request", BOOKING, "bookings"},
                new Object[] {"create_support_task", "{\"title\": \"t\"}", "support_tasks"},
                new Object[] {"send_notification", "{\"message\": \"m\"}", "notifications"},
                new Object[] {
                    "tag_conversation", "{\"conversationId\": \"conv_8\", \"tags\": [\"vip\"]}", "conversation_tags"
                });
    }

    @Test
    void bookingRequestRecordsARequestedBooking() {
        String actionId = Ids.next("act");
        var result = success(tools.run(workspace, actionId, "booking_request", BOOKING, "conv_9"));

        var booking = bookings.find(workspace, (String) result.get("bookingId")).orElseThrow();
        assertThat(booking.status()).isEqualTo(BookingStatus.REQUESTED);
        assertThat(booking.requestedStart()).isEqualTo(Instant.parse("2026-11-23T09:15:30Z"));
        assertThat(booking.service()).isEqualTo("Haircut");
        assertThat(booking.phone()).isEqualTo("+34 600 123 456");
        assertThat(booking.email()).isNull();
        assertThat(booking.actionId()).isEqualTo(actionId);
        assertThat(booking.conversationId()).isEqualTo("conv_9");
    }

    private String newBooking() {
        return (String)
                success(tools.run(workspace, "booking_request", BOOKING, null)).get("bookingId");
    }

    private ToolResult setStatus(String actionId, String bookingId, String status) {
        return tools.run(
                workspace,
                actionId,
                "update_booking_status",
                "{\"bookingId\": \"" + bookingId + "\", \"status\": \"" + status + "\"}",
                null);
    }

    @Test
    void aBookingIsConfirmedThenCompletedAndEachChangeIsRecorded() {
        String bookingId = newBooking();
        String confirm = Ids.next("act");
        String complete = Ids.next("act");

        assertThat(success(setStatus(confirm, bookingId, "confirmed")))
                .isEqualTo(Map.of("bookingId", bookingId, "status", "confirmed"));
        assertThat(success(setStatus(complete, bookingId, "completed")))
                .isEqualTo(Map.of("bookingId", bookingId, "status", "completed"));

        assertThat(bookings.find(workspace, bookingId).orElseThrow().status()).isEqualTo(BookingStatus.COMPLETED);
        assertThat(bookings.history(workspace, bookingId))
                .extracting(StatusChange::actionId, StatusChange::from, StatusChange::to)
                .containsExactly(
                        tuple(confirm, BookingStatus.REQUESTED, BookingStatus.CONFIRMED),
                        tuple(complete, BookingStatus.CONFIRMED, BookingStatus.COMPLETED));
    }

    @Test
    void aRequestCanBeCancelledAndAConfirmedBookingMissed() {
        String cancelled = newBooking();
        assertThat(success(setStatus(Ids.next("act"), cancelled, "cancelled")).get("status"))
                .isEqualTo("cancelled");
        String missed = newBooking();
        success(setStatus(Ids.next("act"), missed, "confirmed"));
        assertThat(success(setStatus(Ids.next("act"), missed, "no_show")).get("status"))
                .isEqualTo("no_show");
    }

    @Test
    void aChangeTheStatusDoesNotAllowFailsForGoodAndChangesNothing() {
        String bookingId = newBooking();
        var failure = failure(setStatus(Ids.next("act"), bookingId, "completed"));
        assertThat(failure.code()).isEqualTo("invalid_booking_transition");
        assertThat(failure.retryable()).isFalse();
        assertThat(failure.uncertain()).isFalse();
        assertThat(failure.message()).contains("requested").contains("completed");

        success(setStatus(Ids.next("act"), bookingId, "cancelled"));
        assertThat(failure(setStatus(Ids.next("act"), bookingId, "confirmed")).code())
                .isEqualTo("invalid_booking_transition");
        assertThat(bookings.find(workspace, bookingId).orElseThrow().status()).isEqualTo(BookingStatus.CANCELLED);
        assertThat(bookings.history(workspace, bookingId)).hasSize(1);
    }

    @Test
    void theSameStatusAgainIsASuccessThatChangesNothing() {
        String bookingId = newBooking();
        success(setStatus(Ids.next("act"), bookingId, "confirmed"));
        var updatedAt = bookings.find(workspace, bookingId).orElseThrow().updatedAt();

        assertThat(success(setStatus(Ids.next("act"), bookingId, "confirmed")))
                .isEqualTo(Map.of("bookingId", bookingId, "status", "confirmed"));
        var booking = bookings.find(workspace, bookingId).orElseThrow();
        assertThat(booking.status()).isEqualTo(BookingStatus.CONFIRMED);
        assertThat(booking.updatedAt()).isEqualTo(updatedAt);
    }

    @Test
    void rerunOfAStatusChangeReturnsItsFirstOutcomeEvenAfterLaterChanges() {
        String bookingId = newBooking();
        String confirm = Ids.next("act");
        var first = success(setStatus(confirm, bookingId, "confirmed"));
        success(setStatus(Ids.next("act"), bookingId, "completed"));
        long changes = rows("booking_status_changes");

        assertThat(success(setStatus(confirm, bookingId, "confirmed"))).isEqualTo(first);
        assertThat(rows("booking_status_changes")).isEqualTo(changes);
        assertThat(bookings.find(workspace, bookingId).orElseThrow().status()).isEqualTo(BookingStatus.COMPLETED);
    }

    @Test
    void anotherWorkspacesBookingIsNotFoundAndStaysUntouched() {
        String otherWorkspace = newWorkspace().id();
        String theirs = (String) success(tools.run(otherWorkspace, "booking_request", BOOKING, null))
                .get("bookingId");

        var failure = failure(setStatus(Ids.next("act"), theirs, "confirmed"));
        assertThat(failure.code()).isEqualTo("booking_not_found");
        assertThat(failure.retryable()).isFalse();
        assertThat(bookings.find(otherWorkspace, theirs).orElseThrow().status()).isEqualTo(BookingStatus.REQUESTED);
        assertThat(failure(setStatus(Ids.next("act"), "bkg_unknown", "confirmed"))
                        .code())
                .isEqualTo("booking_not_found");
    }

    @Test
    void createSupportTaskOpensANormalPriorityTaskUnlessTold() {
        String actionId = Ids.next("act");
        var result = success(
                tools.run(workspace, actionId, "create_support_task", "{\"title\": \"Call Ana back\"}", "conv_2"));
        var task = supportTasks.find(workspace, (String) result.get("taskId")).orElseThrow();
        assertThat(task.title()).isEqualTo("Call Ana back");
        assertThat(task.priority()).isEqualTo(Priority.NORMAL);
        assertThat(task.status()).isEqualTo("open");
        assertThat(task.actionId()).isEqualTo(actionId);
        assertThat(task.conversationId()).isEqualTo("conv_2");

        var urgent = success(tools.run(
                workspace,
                "create_support_task",
                "{\"title\": \"Refund\", \"description\": \"Charged twice\", \"priority\": \"urgent\"}",
                null));
        var urgentTask =
                supportTasks.find(workspace, (String) urgent.get("taskId")).orElseThrow();
        assertThat(urgentTask.priority()).isEqualTo(Priority.URGENT);
        assertThat(urgentTask.description()).isEqualTo("Charged twice");
    }

    @Test
    void sendNotificationLeavesTheMessageForItsAudience() {
        String actionId = Ids.next("act");
        var result = success(tools.run(
                workspace,
                actionId,
                "send_notification",
                "{\"message\": \"VIP customer waiting\", \"audience\": \"reviewer\"}",
                "conv_3"));
        var notification = notifications
                .find(workspace, (String) result.get("notificationId"))
                .orElseThrow();
        assertThat(notification.message()).isEqualTo("VIP customer waiting");
        assertThat(notification.audience()).isEqualTo("reviewer");
        assertThat(notification.actionId()).isEqualTo(actionId);
        assertThat(notification.conversationId()).isEqualTo("conv_3");
    }

    @Test
    void tagConversationAnswersTheWholeTagSetWithoutDuplicates() {
        var first = success(tools.run(
                workspace,
                "tag_conversation",
                "{\"conversationId\": \"conv_7\", \"tags\": [\"vip\", \"quote\"]}",
                "conv_7"));
        assertThat(first).isEqualTo(Map.of("conversationId", "conv_7", "tags", List.of("quote", "vip")));

        var second = success(tools.run(
                workspace,
                "tag_conversation",
                "{\"conversationId\": \"conv_7\", \"tags\": [\"vip\", \"spanish\"]}",
                "conv_7"));
        assertThat(second).isEqualTo(Map.of("conversationId", "conv_7", "tags", List.of("quote", "spanish", "vip")));
        assertThat(rows("conversation_tags")).isEqualTo(3);
    }

    @Test
    void tagsOfOneWorkspaceAreNotAnothers() {
        String other = newWorkspace().id();
        success(tools.run(
                other, "tag_conversation", "{\"conversationId\": \"conv_same\", \"tags\": [\"theirs\"]}", null));
        var mine = success(tools.run(
                workspace, "tag_conversation", "{\"conversationId\": \"conv_same\", \"tags\": [\"mine\"]}", null));
        assertThat(mine.get("tags")).isEqualTo(List.of("mine"));
        assertThat(conversationTags.tags(other, "conv_same")).containsExactly("theirs");
    }

    @Test
    void argumentsTheExecutorCannotUseFailForGoodWithoutWriting() {
        var failure = failure(tools.run(workspace, "create_lead", "{\"name\": \"Ana\"}", null));
        assertThat(failure.code()).isEqualTo("invalid_arguments");
        assertThat(failure.retryable()).isFalse();
        assertThat(failure(tools.run(workspace, "booking_request", """
                {"name": "A", "email": "a@example.com", "service": "s", "requestedStart": "tomorrow"}""", null)).code())
                .isEqualTo("invalid_arguments");
        assertThat(rows("leads") + rows("bookings")).isZero();
    }
}

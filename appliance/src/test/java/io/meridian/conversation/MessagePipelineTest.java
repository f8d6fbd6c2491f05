package io.meridian.conversation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meridian.testing.Await;
import io.vertx.core.Future;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The stages, with typed inputs, in the order a stored message passes them. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class MessagePipelineTest {

    private final List<String> calls = new CopyOnWriteArrayList<>();

    private MessagePipeline.MessageStage stage(String name) {
        return m -> {
            calls.add(name + ":" + m.message().id() + ":" + m.languageTag().orElse("-"));
            return Future.succeededFuture();
        };
    }

    private MessagePipeline started(MessagePipeline.MessageStage routing) {
        MessagePipeline pipeline = new MessagePipeline();
        pipeline.start(new MessagePipeline.Stages(
                m -> {
                    calls.add("language:" + m.message().id());
                    return Future.succeededFuture(m.fromCustomer()
                            ? Optional.of(new MessageLanguage(m.message().id(), "es", 0.9, "TEXT"))
                            : Optional.empty());
                },
                stage("automation"), routing, stage("translation"), stage("delivery"),
                id -> {
                    calls.add("closed:" + id);
                    return Future.succeededFuture();
                },
                id -> {
                    calls.add("reader:" + id);
                    return Future.succeededFuture();
                }));
        return pipeline;
    }

    private static CommittedMessage message(String id, Author author, boolean opened) {
        return new CommittedMessage(new ChatMessage(id, "c-1", 1, author, "who", null, null, "hola", Instant.now()),
                opened, false, false);
    }

    /**
     * Verifies that a customer message that opens its conversation passes language, automation, routing, translation
     * and delivery in that order, each later stage given the language detected once.
     */
    @Test
    void anOpeningPassesEveryStageInOrderWithItsLanguage() {
        MessagePipeline pipeline = started(stage("routing"));
        LanguagedMessage done = Await.result(pipeline.accept(message("m-1", Author.VISITOR, true)));
        assertEquals(Optional.of("es"), done.languageTag());
        assertEquals(List.of("language:m-1", "automation:m-1:es", "routing:m-1:es", "translation:m-1:es",
                "delivery:m-1:es"), calls);
    }

    /** Verifies that a later message and an agent's reply skip routing, and the reply has no language. */
    @Test
    void onlyAnOpeningIsRouted() {
        MessagePipeline pipeline = started(stage("routing"));
        Await.result(pipeline.accept(message("m-2", Author.VISITOR, false)));
        Await.result(pipeline.accept(message("a-1", Author.AGENT, false)));
        assertEquals(List.of("language:m-2", "automation:m-2:es", "translation:m-2:es", "delivery:m-2:es",
                "language:a-1", "automation:a-1:-", "translation:a-1:-", "delivery:a-1:-"), calls);
    }

    /**
     * Verifies that an agent's reply sent while the customer's message before it is still being detected waits for
     * that language (so translation knows the customer's language), and that other conversations do not wait.
     */
    @Test
    void aReplyWaitsForTheLanguageOfTheCustomersMessageBeforeIt() {
        io.vertx.core.Promise<Optional<MessageLanguage>> slow = io.vertx.core.Promise.promise();
        MessagePipeline pipeline = new MessagePipeline();
        pipeline.start(new MessagePipeline.Stages(
                m -> {
                    calls.add("language:" + m.message().id());
                    return m.fromCustomer() ? slow.future() : Future.succeededFuture(Optional.empty());
                },
                stage("automation"), stage("routing"), stage("translation"), stage("delivery"),
                id -> Future.succeededFuture(), id -> Future.succeededFuture()));
        Future<LanguagedMessage> customer = pipeline.accept(message("m-6", Author.VISITOR, false));
        Future<LanguagedMessage> reply = pipeline.accept(message("a-2", Author.AGENT, false));
        CommittedMessage elsewhere = new CommittedMessage(new ChatMessage("a-3", "c-2", 1, Author.AGENT, "who", null,
                null, "hello", Instant.now()), false, false, false);
        Await.result(pipeline.accept(elsewhere));
        assertTrue(!reply.isComplete() && !calls.contains("language:a-2"), calls.toString());
        slow.complete(Optional.of(new MessageLanguage("m-6", "es", 0.9, "TEXT")));
        Await.result(customer);
        Await.result(reply);
        assertTrue(calls.indexOf("automation:m-6:es") < calls.indexOf("language:a-2"), calls.toString());
        assertEquals(List.of("language:a-3", "automation:a-3:-", "translation:a-3:-", "delivery:a-3:-"),
                calls.subList(1, 5));
    }

    /** Verifies that a reply waits for every earlier customer message still being detected, not only the latest. */
    @Test
    void aReplyWaitsForEveryEarlierDetection() {
        io.vertx.core.Promise<Optional<MessageLanguage>> slow = io.vertx.core.Promise.promise();
        MessagePipeline pipeline = new MessagePipeline();
        pipeline.start(new MessagePipeline.Stages(
                m -> "m-7".equals(m.message().id()) ? slow.future() : Future.succeededFuture(Optional.empty()),
                stage("automation"), stage("routing"), stage("translation"), stage("delivery"),
                id -> Future.succeededFuture(), id -> Future.succeededFuture()));
        pipeline.accept(message("m-7", Author.VISITOR, false));
        Await.result(pipeline.accept(message("m-8", Author.VISITOR, false)));
        Future<LanguagedMessage> reply = pipeline.accept(message("a-4", Author.AGENT, false));
        assertTrue(!reply.isComplete(), "the reply waits for m-7 although m-8 is done");
        slow.complete(Optional.empty());
        Await.result(reply);
    }

    /** Verifies that a stage that fails or throws is passed over: the later stages still run. */
    @Test
    void aFailingStageDoesNotStopTheRest() {
        MessagePipeline failing = started(m -> Future.failedFuture(new IllegalStateException("routing is down")));
        Await.result(failing.accept(message("m-3", Author.VISITOR, true)));
        MessagePipeline throwing = started(m -> {
            throw new IllegalStateException("a bug in routing");
        });
        Await.result(throwing.accept(message("m-4", Author.VISITOR, true)));
        assertEquals(List.of("language:m-3", "automation:m-3:es", "translation:m-3:es", "delivery:m-3:es",
                "language:m-4", "automation:m-4:es", "translation:m-4:es", "delivery:m-4:es"), calls);
    }

    /** Verifies that the conversation events reach their stages, and that nothing passes before the start. */
    @Test
    void conversationEventsAndTheStart() {
        MessagePipeline idle = new MessagePipeline();
        assertThrows(IllegalStateException.class, () -> idle.accept(message("m-5", Author.VISITOR, true)));
        MessagePipeline pipeline = started(stage("routing"));
        Await.result(pipeline.closed("c-9"));
        Await.result(pipeline.readerChanged("c-8"));
        assertEquals(List.of("closed:c-9", "reader:c-8"), calls);
        assertThrows(IllegalStateException.class, () -> pipeline.start(new MessagePipeline.Stages(
                m -> Future.succeededFuture(Optional.empty()), MessagePipeline.nothing(), MessagePipeline.nothing(),
                MessagePipeline.nothing(), MessagePipeline.nothing(), id -> Future.succeededFuture(),
                id -> Future.succeededFuture())));
        assertTrue(calls.size() == 2);
    }
}

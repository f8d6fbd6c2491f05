package io.meridian.routing;

import io.meridian.conversation.InboxEvent;
import io.vertx.core.json.JsonObject;

/** An internal note was added to a conversation (ids only; the note is read from its page). */
public record NoteAdded(String conversationId, String noteId) implements InboxEvent {

    @Override
    public JsonObject inboxFrame() {
        return new JsonObject().put("type", "note.added").put("conversationId", conversationId).put("noteId", noteId);
    }
}

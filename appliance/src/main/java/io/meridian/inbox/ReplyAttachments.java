package io.meridian.inbox;

import io.meridian.conversation.AttachmentLimits;
import io.meridian.conversation.AttachmentRefusal;
import io.meridian.conversation.AttachmentsRefusedException;
import io.meridian.conversation.ConversationService;
import io.meridian.conversation.NewAttachment;
import io.meridian.spi.channel.Attachment;
import io.vertx.core.Future;
import io.vertx.ext.web.FileUpload;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * The files an agent attaches to a reply ({@code multipart/form-data}, the REST API's and the console's form): read
 * from the request, after checking what can be checked without reading them (how many, how large) and that the
 * conversation's channel takes files: a channel connector that declares {@code attachments}; never the web chat,
 * whose visitors get no files from agents (docs/api.md). The content checks follow when the reply is stored
 * ({@link ConversationService#appendAgentMessage}). Fails with {@link AttachmentsRefusedException}, before anything
 * is stored, and with {@link NoSuchElementException} for an unknown conversation.
 */
final class ReplyAttachments {

    private static final String OCTET_STREAM = "application/octet-stream";

    private final ConversationService conversations;
    private final Predicate<String> channelTakesFiles;

    /** {@code channelTakesFiles}: whether the connector behind a channel (an instance id) declares attachments. */
    ReplyAttachments(ConversationService conversations, Predicate<String> channelTakesFiles) {
        this.conversations = Objects.requireNonNull(conversations, "conversations");
        this.channelTakesFiles = Objects.requireNonNull(channelTakesFiles, "channelTakesFiles");
    }

    /** The request's files, in order; none when it has none (a file input left empty sends an empty part). */
    Future<List<NewAttachment>> read(RoutingContext ctx, String conversationId) {
        List<FileUpload> uploads = ctx.fileUploads().stream()
                .filter(f -> f.size() > 0 || (f.fileName() != null && !f.fileName().isBlank())).toList();
        if (uploads.isEmpty()) {
            return Future.succeededFuture(List.of());
        }
        AttachmentLimits limits = conversations.attachmentLimits();
        List<AttachmentRefusal> refused = new ArrayList<>();
        long total = 0;
        for (FileUpload f : uploads) {
            total += f.size();
            if (f.size() > limits.maxBytes()) {
                refused.add(refusal(f, AttachmentRefusal.Reason.TOO_LARGE));
            }
        }
        if (refused.isEmpty() && uploads.size() > limits.maxPerMessage()) {
            refused.add(refusal(uploads.get(limits.maxPerMessage()), AttachmentRefusal.Reason.TOO_MANY));
        }
        if (refused.isEmpty() && total > limits.maxTotalBytes()) {
            refused.add(refusal(uploads.get(uploads.size() - 1), AttachmentRefusal.Reason.TOTAL_TOO_LARGE));
        }
        if (!refused.isEmpty()) {
            return Future.failedFuture(new AttachmentsRefusedException("attachment not accepted: "
                    + refused.get(0).describe(), refused));
        }
        return conversations.conversation(conversationId).compose(found -> {
            if (found.isEmpty()) {
                return Future.failedFuture(new NoSuchElementException(conversationId));
            }
            String channel = found.get().channel();
            if (!accepts(channel)) {
                return Future.failedFuture(new AttachmentsRefusedException("the connector of channel '" + channel
                        + "' does not send attachments", List.of()));
            }
            List<Future<NewAttachment>> files = new ArrayList<>();
            for (FileUpload f : uploads) {
                files.add(ctx.vertx().fileSystem().readFile(f.uploadedFileName()).map(bytes -> new NewAttachment(
                        Attachment.safeFileName(f.fileName()), typeOf(f), bytes.getBytes())));
            }
            return Future.all(files).map(all -> all.<NewAttachment>list());
        });
    }

    /** Whether an agent's reply on {@code channel} may carry files: the web chat's, or a connector's that declares them. */
    boolean accepts(String channel) {
        return ConversationService.WEB_CHANNEL.equals(channel) || channelTakesFiles.test(channel);
    }

    private static AttachmentRefusal refusal(FileUpload f, AttachmentRefusal.Reason reason) {
        return new AttachmentRefusal(Attachment.safeFileName(f.fileName()), typeOf(f), f.size(), reason);
    }

    private static String typeOf(FileUpload f) {
        String type = f.contentType();
        return type == null || type.isBlank() || !type.contains("/") ? OCTET_STREAM : type.strip();
    }
}

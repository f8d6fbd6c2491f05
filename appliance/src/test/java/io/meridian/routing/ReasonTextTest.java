package io.meridian.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meridian.console.ConsoleLanguage;
import io.meridian.console.Messages;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Routing's reasons as each console language shows them. */
class ReasonTextTest {

    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    private static final Team EUROPE = new Team("eu", "Europe", "eu",
            new BusinessCalendar(BERLIN, new OpeningHours(
                    Map.of(java.time.DayOfWeek.MONDAY, List.of(ShiftInterval.parse("09:00-17:00"))), Map.of()), List.of()), Set.of("de", "en"),
            Set.of(), 0, List.of(), null, Map.of("ja", "ヨーロッパ", "de", "Europa"));
    private final ReasonText reasons = new ReasonText(id -> id.equals("eu") ? Optional.of(EUROPE) : Optional.empty());

    /**
     * Verifies a queued decision's reason in English, German and Japanese: the sentences, the team by its name in
     * each language, the counts of a busy team without plural trouble, the rules, and Japanese run without spaces.
     */
    @Test
    void aQueuedDecisionReadsInEachConsoleLanguage() {
        AgentState ana = new AgentState("a", "ana", "Ana");
        ana.presence = Presence.ONLINE;
        Inquiry q = new Inquiry("c1", "web", "de", null, 3, List.of("vip"), Instant.EPOCH);
        Reason reason = new Reason().add("detected-language", "de", Reason.phrase("source.text"), 97)
                .add(DecisionReasons.queued(new Reason(), q, List.of(EUROPE),
                        List.of(DecisionReasons.busy(EUROPE, List.of(ana))), EUROPE));

        assertEquals("Language de (from the text, 97 %). Open for language de: Europe; no agent free (Europe "
                + "(agents: 1, online: 1, at capacity: 0)). Queued for Europe at priority 3. Matching rules: vip.",
                reasons.of(reason.stored(), messages(ConsoleLanguage.EN)));
        assertEquals("Sprache de (aus dem Text, 97 %). Geöffnet für Sprache de: Europa; kein Agent frei (Europa "
                + "(Agenten: 1, online: 1, ausgelastet: 0)). In die Warteschlange von Europa mit Priorität 3 gestellt. "
                + "Zutreffende Regeln: vip.", reasons.of(reason.stored(), messages(ConsoleLanguage.DE)));
        String ja = reasons.of(reason.stored(), messages(ConsoleLanguage.JA));
        assertTrue(ja.startsWith("言語 de（本文から判定、97 %）。言語 de に対応する営業中のチーム: ヨーロッパ。"), ja);
        assertTrue(ja.contains("ヨーロッパ（担当者 1 名、オンライン 1 名、上限到達 0 名）"), ja);
        assertEquals("Language de (from the text, 97 %). Open for language de: Europe; no agent free (Europe "
                + "(agents: 1, online: 1, at capacity: 0)). Queued for Europe at priority 3. Matching rules: vip.",
                reasons.english(reason.stored()), "the API's English");
    }

    /** Verifies local times in the reader's format with the team's zone, lists, and durations. */
    @Test
    void timesListsAndDurations() {
        Instant nine = Instant.parse("2026-12-07T08:00:00Z");
        String stored = new Reason().add("off-hours", Reason.phrase("language", "de"),
                Reason.list(List.of(Reason.team(EUROPE), "Americas")), Reason.team(EUROPE), Reason.time(nine, BERLIN), 2)
                .add("claimed", "Ana", Reason.team(EUROPE), 2, Reason.duration(java.time.Duration.ofSeconds(3725)))
                .stored();
        String en = reasons.of(stored, messages(ConsoleLanguage.EN));
        assertTrue(en.contains("is closed (Europe, Americas). Queued for Europe, which opens first, at 12/7/26, "
                + "9:00 AM Europe/Berlin, at priority 2."), en);
        assertTrue(en.endsWith("(priority 2, waited 1 h 2 min)."), en);
        String ja = reasons.of(stored, messages(ConsoleLanguage.JA));
        assertTrue(ja.contains("（ヨーロッパ、Americas）"), "a Japanese list: " + ja);
        assertTrue(ja.contains("2026/12/07 9:00 Europe/Berlin"), ja);
        assertTrue(ja.contains("待ち時間 1 時間 2 分"), ja);
    }

    /**
     * Verifies that text stored before reasons were kept as sentences, or that is not a reason, shows as it is, and
     * that a team no longer set up shows by the name it had.
     */
    @Test
    void oldTextShowsAsItIs() {
        String old = "Language es (from text, 98%). Americas is open (Mon 11:00 America/New_York).";
        assertEquals(old, reasons.of(old, messages(ConsoleLanguage.DE)));
        assertEquals("[not json", reasons.of("[not json", messages(ConsoleLanguage.DE)));
        assertEquals("Old team (agents: 0, online: 0, at capacity: 0)", reasons.of(new Reason()
                .add("busy-team", new io.vertx.core.json.JsonObject().put("team", "gone").put("n", "Old team"), 0, 0, 0)
                .stored(), messages(ConsoleLanguage.EN)), "a team removed since shows by the name it had");
    }

    private static Messages messages(ConsoleLanguage language) {
        return Messages.of(language, ZoneOffset.UTC);
    }
}

package io.meridian.ticket;

import io.meridian.console.ConsoleLanguage;
import io.meridian.console.Messages;
import java.time.Instant;
import java.time.ZoneId;

/**
 * The escalation mail of a missed target, for the people a policy names: in the staff mail language, the due time in
 * the team's zone. It says which ticket, target, policy and team, never what the customer wrote (a staff mailbox is
 * outside the store's encryption), and links to the ticket page.
 */
record SlaBreachMail(String subject, String body) {

    static SlaBreachMail of(String language, ZoneId zone, String number, String target, String policy,
            String teamName, String priority, Instant due, String ticketUrl) {
        Messages t = Messages.of(ConsoleLanguage.of(language).orElse(ConsoleLanguage.EN), zone);
        String targetName = t.get("ticket.sla.target." + target);
        String body = String.join("\n",
                t.get("staffmail.sla-breach.missed", number, targetName, policy),
                "",
                t.get("staffmail.sla-breach.team", teamName == null ? t.get("ticket.no-team") : teamName),
                t.get("staffmail.sla-breach.due", t.dateTime(due) + " (" + zone.getId() + ")"),
                t.get("staffmail.sla-breach.priority", t.get("ticket.priority." + priority)),
                "",
                t.get("staffmail.sla-breach.open", ticketUrl),
                "",
                "-- ",
                t.get("staffmail.sla-breach.why"));
        return new SlaBreachMail(t.get("staffmail.sla-breach.subject", number, targetName), body);
    }
}

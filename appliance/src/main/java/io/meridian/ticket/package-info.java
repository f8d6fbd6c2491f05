/**
 * Tickets: work that outlives one conversation (a refund waiting on a warehouse, a repair on a part), with a number,
 * a requester, a status, a priority, an assignee and team, the conversations that belong to it, and an audit trail of
 * every change. Owns {@code ticket_counters}, {@code tickets}, {@code ticket_conversations} and {@code ticket_events}.
 */
package io.meridian.ticket;

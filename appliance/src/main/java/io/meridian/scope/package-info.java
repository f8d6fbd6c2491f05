/**
 * The teams and home regions a role may read (docs/security.md#scope): which team a conversation, contact, message,
 * file or ticket belongs to and where its customer's data is homed, asked by the console's guard and lists.
 */
package io.meridian.scope;

package io.meridian.retention;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Whether nothing of a contact's customer may go, read in the retention job's own store work: a legal hold, or a
 * restriction of processing (the privacy capability answers; the job only asks).
 */
@FunctionalInterface
public interface KeptCustomers {

    boolean keeps(Connection c, String contactId) throws SQLException;
}

/**
 * What an operator reads when the server has started: a banner as the last lines of the log with
 * the URL, the database, the QuantConnect mode and, on a first start, the admin password. Reads the
 * features below it; nothing depends on it.
 */
package io.tasklane.startup;

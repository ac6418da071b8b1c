package org.queueservice.schema.migrations;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Objects;
import java.util.Properties;

/** Where the database is and who connects. The password never appears in {@link #toString()}. */
public record ConnectionSettings(String url, String user, String password) {

    public ConnectionSettings {
        Objects.requireNonNull(url, "url");
        if (!url.startsWith("jdbc:postgresql:")) {
            throw new IllegalArgumentException("not a PostgreSQL JDBC URL: " + url + " (expected jdbc:postgresql://host:port/database)");
        }
    }

    public Connection open() throws SQLException {
        Properties properties = new Properties();
        if (user != null) {
            properties.setProperty("user", user);
        }
        if (password != null) {
            properties.setProperty("password", password);
        }
        return DriverManager.getConnection(url, properties);
    }

    /** The same server and credentials, another database. */
    public ConnectionSettings withDatabase(String database) {
        int slash = url.indexOf('/', "jdbc:postgresql://".length());
        if (slash < 0) {
            throw new IllegalArgumentException("no database in " + url);
        }
        int query = url.indexOf('?', slash);
        String rest = query < 0 ? "" : url.substring(query);
        return new ConnectionSettings(url.substring(0, slash + 1) + database + rest, user, password);
    }

    /** The database named in the URL. */
    public String database() {
        int slash = url.indexOf('/', "jdbc:postgresql://".length());
        int query = url.indexOf('?', slash);
        return url.substring(slash + 1, query < 0 ? url.length() : query);
    }

    @Override
    public String toString() {
        return url + (user == null ? "" : " as " + user);
    }
}

package org.queueservice.schema.migrations;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Objects;
import java.util.Properties;

import org.postgresql.Driver;
import org.postgresql.PGProperty;

/** Where the database is and who connects. The password never appears in {@link #toString()}. */
public record ConnectionSettings(String url, String user, String password) {

    public ConnectionSettings {
        Objects.requireNonNull(url, "url");
        if (Driver.parseURL(url, null) == null) {
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

    /** The same servers, options and credentials, another database. */
    public ConnectionSettings withDatabase(String database) {
        Properties parsed = Driver.parseURL(url, null);
        String[] hosts = parsed.getProperty(PGProperty.PG_HOST.getName()).split(",");
        String[] ports = parsed.getProperty(PGProperty.PG_PORT.getName()).split(",");
        StringBuilder servers = new StringBuilder();
        for (int i = 0; i < hosts.length; i++) {
            servers.append(i == 0 ? "" : ",").append(hosts[i].contains(":") ? "[" + hosts[i] + "]" : hosts[i]).append(':').append(ports[i]);
        }
        int query = url.indexOf('?');
        return new ConnectionSettings("jdbc:postgresql://" + servers + "/" + URLEncoder.encode(database, StandardCharsets.UTF_8)
                + (query < 0 ? "" : url.substring(query)), user, password);
    }

    /** The database named in the URL, as pgjdbc reads it. */
    public String database() {
        return Driver.parseURL(url, null).getProperty(PGProperty.PG_DBNAME.getName());
    }

    @Override
    public String toString() {
        return url + (user == null ? "" : " as " + user);
    }
}

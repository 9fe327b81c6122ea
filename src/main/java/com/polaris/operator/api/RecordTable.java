package com.polaris.operator.api;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Locale;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A table of the workspace records that internal tools write (leads, support tasks, notifications,
 * bookings), one row per action at most (its {@code action_id} is unique): writing a row for an
 * action that already has one changes nothing and answers the earlier row, so a re-run of the
 * action finds what it did instead of doing it twice.
 *
 * <p>The table's columns are the record's components, in snake case ({@code actionId} is
 * {@code action_id}), plus {@code workspace_id}; a component is text, a {@link BigDecimal} (a
 * number), a {@link LocalDate} (a date), an {@link Instant} (a timestamp) or a {@link WireName} enum
 * (its wire name). Every record has an {@code id}, ordered by
 * time, which pages newest first.
 */
public abstract class RecordTable<T extends Record> {

    private final JdbcClient jdbc;
    private final Clock clock;
    private final String table;
    private final RecordComponent[] components;
    private final Constructor<T> constructor;
    private final String columns;
    private final String[] columnNames;
    private final RecordComponent id;
    private final @Nullable RecordComponent actionId;

    protected RecordTable(JdbcClient jdbc, Clock clock, String table, Class<T> type) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.table = table;
        this.components = type.getRecordComponents();
        try {
            this.constructor = type.getDeclaredConstructor(
                    Arrays.stream(components).map(RecordComponent::getType).toArray(Class<?>[]::new));
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException(type + " has no canonical constructor", e);
        }
        for (RecordComponent component : components) {
            Class<?> kind = component.getType();
            boolean supported = kind == String.class
                    || kind == BigDecimal.class
                    || kind == LocalDate.class
                    || kind == Instant.class
                    || (kind.isEnum() && WireName.class.isAssignableFrom(kind));
            if (!supported) {
                throw new IllegalStateException(
                        type + "." + component.getName() + " is a " + kind + ", which " + table + " cannot store");
            }
        }
        this.columnNames =
                Arrays.stream(components).map(c -> column(c.getName())).toArray(String[]::new);
        this.columns = String.join(", ", columnNames);
        this.id = component("id").orElseThrow(() -> new IllegalStateException(type + " has no id"));
        this.actionId = component("actionId").orElse(null);
    }

    /** Now, to the microsecond the databases keep, so a written row equals the row read back. */
    protected Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    /**
     * Inserts {@code row} for the action it names, or, when that action already has a row, answers
     * that one. Meant for the caller's transaction, which holds the action, so two runs of one action
     * cannot interleave.
     */
    protected T insertOnce(String workspaceId, T row) {
        var params = new ArrayList<@Nullable Object>();
        params.add(workspaceId);
        for (RecordComponent component : components) {
            params.add(value(component, row));
        }
        String placeholders = String.join(", ", Collections.nCopies(params.size(), "?"));
        int inserted = jdbc.sql("insert into " + table + " (workspace_id, " + columns + ") values (" + placeholders
                        + ") on conflict do nothing")
                .params(params)
                .update();
        if (inserted == 1) {
            return row;
        }
        if (actionId == null) {
            throw new IllegalStateException(table + " records have no actionId to find the earlier row by");
        }
        return one("action_id", workspaceId, (String) value(actionId, row));
    }

    public Optional<T> find(String workspaceId, String id) {
        return jdbc.sql("select " + columns + " from " + table + " where workspace_id = ? and id = ?")
                .params(workspaceId, id)
                .query((rs, n) -> read(rs))
                .optional();
    }

    /**
     * The status of the workspace's record {@code id}, its row locked until the transaction ends so
     * that two changes of one record are judged one after the other; empty when there is no such record.
     */
    protected Optional<String> lockedStatus(String workspaceId, String id) {
        return jdbc.sql("select status from " + table + " where workspace_id = ? and id = ? for update")
                .params(workspaceId, id)
                .query(String.class)
                .optional();
    }

    /** A page of the workspace's records, newest first, of one conversation when {@code conversationId} is not null. */
    public Page<T> list(String workspaceId, @Nullable String conversationId, PageRequest page) {
        return list(workspaceId, rows -> rows.where("conversation_id", conversationId), page);
    }

    /** A page of the rows that pass {@code filters}, newest first. */
    protected Page<T> list(String workspaceId, UnaryOperator<NewestFirst> filters, PageRequest page) {
        return filters.apply(NewestFirst.from(table, columns, workspaceId))
                .page(jdbc, page, (rs, n) -> read(rs), row -> (String) value(id, row));
    }

    private T one(String key, String workspaceId, String value) {
        return jdbc.sql("select " + columns + " from " + table + " where workspace_id = ? and " + key + " = ?")
                .params(workspaceId, value)
                .query((rs, n) -> read(rs))
                .single();
    }

    private T read(ResultSet rs) throws SQLException {
        var values = new @Nullable Object[components.length];
        for (int i = 0; i < components.length; i++) {
            values[i] = read(rs, components[i], columnNames[i]);
        }
        try {
            return constructor.newInstance(values);
        } catch (InstantiationException | IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException("Cannot read a row of " + table, e);
        }
    }

    private @Nullable Object read(ResultSet rs, RecordComponent component, String column) throws SQLException {
        Class<?> type = component.getType();
        if (type == Instant.class) {
            Timestamp at = rs.getTimestamp(column);
            return at == null ? null : at.toInstant();
        }
        if (type == BigDecimal.class) {
            // As written: 12.5 comes back as 12.5, not as the column's 12.50.
            BigDecimal number = rs.getBigDecimal(column);
            return number == null ? null : plain(number);
        }
        if (type == LocalDate.class) {
            return rs.getObject(column, LocalDate.class);
        }
        String text = rs.getString(column);
        if (text != null && type.isEnum()) {
            return Arrays.stream(type.getEnumConstants())
                    .filter(constant -> ((WireName) constant).wire().equals(text))
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException("Unknown " + column + " " + text + " in " + table));
        }
        return text;
    }

    private @Nullable Object value(RecordComponent component, T row) {
        Object value;
        try {
            value = component.getAccessor().invoke(row);
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException("Cannot read " + component.getName() + " of " + row.getClass(), e);
        }
        if (value instanceof Instant instant) {
            return Timestamp.from(instant);
        }
        return value instanceof WireName name ? name.wire() : value;
    }

    private Optional<RecordComponent> component(String name) {
        return Arrays.stream(components).filter(c -> c.getName().equals(name)).findFirst();
    }

    private static BigDecimal plain(BigDecimal number) {
        BigDecimal stripped = number.stripTrailingZeros();
        return stripped.scale() < 0 ? stripped.setScale(0) : stripped;
    }

    private static String column(String component) {
        return component.replaceAll("([A-Z])", "_$1").toLowerCase(Locale.ROOT);
    }
}

/**
 * The database Polaris runs on, recognised once at start-up, and everything that differs between
 * the databases it supports. Every other module asks {@link com.polaris.operator.database.Database}
 * rather than looking at the JDBC URL or the driver itself. Work that must commit on its own, apart
 * from any transaction around it, goes through {@link com.polaris.operator.database.SeparateTransactions}.
 */
@NullMarked
package com.polaris.operator.database;

import org.jspecify.annotations.NullMarked;

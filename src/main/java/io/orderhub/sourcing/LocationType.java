package io.orderhub.sourcing;

/** What kind of place a location is; decides which sourcing rules may pick it. */
public enum LocationType { WAREHOUSE, STORE, WORKSHOP, DROPSHIP }

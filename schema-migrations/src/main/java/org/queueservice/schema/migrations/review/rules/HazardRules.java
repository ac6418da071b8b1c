package org.queueservice.schema.migrations.review.rules;

import java.util.List;

/** Every rule of the review, in report order: lock and data safety (QS1xx), row-level security (QS2xx), live rows (QS3xx), what Citus refuses or changes (QS4xx). */
public final class HazardRules {

    public static final List<HazardRule> ALL = List.of(
            new Qs100UnrecognisedStatement(),
            new Qs101IndexWithoutConcurrently(),
            new Qs102ConcurrentlyInTransaction(),
            new Qs103DropIndexWithoutConcurrently(),
            new Qs104ConstraintWithoutNotValid(),
            new Qs105SetNotNullWithoutCheck(),
            new Qs106NotNullColumnWithoutDefault(),
            new Qs107VolatileDefault(),
            new Qs108RewritingTypeChange(),
            new Qs109UniqueBuiltInPlace(),
            new Qs110DropTableOrColumn(),
            new Qs111Rename(),
            new Qs112DropNotNull(),
            new Qs113LockTimeoutLifted(),
            new Qs114BackfillWithDdl(),
            new Qs115TableRewrittenByMaintenance(),
            new Qs116ReindexWithoutConcurrently(),
            new Qs117DetachPartitionWithoutConcurrently(),
            new Qs118Truncate(),
            new Qs119DomainConstraint(),
            new Qs120DropDatabaseOrSchema(),
            new Qs121SetLoggedOrUnlogged(),
            new Qs122UserFunctionDefault(),
            new Qs123TransactionControl(),
            new Qs124WholeTableWrite(),
            new Qs125SessionReplicationRole(),
            new Qs126DisableTrigger(),
            new Qs127ExplicitLockOrSleep(),
            new Qs128DropCascade(),
            new Qs201RowLevelSecurityOff(),
            new Qs202PolicyDropped(),
            new Qs203PolicyReplaced(),
            new Qs204UsingDiffersFromWithCheck(),
            new Qs205PolicyAdmitsEveryRow(),
            new Qs206PolicyCastsTenantId(),
            new Qs207PolicyReadsOtherSetting(),
            new Qs208ServiceRoleGrant(),
            new Qs301RowsBreakNotNull(),
            new Qs302RowsBreakCheck(),
            new Qs303RowsBreakUnique(),
            new Qs304ValuesExceedNarrowedType(),
            new Qs401PolicySubSelect(),
            new Qs402UniqueKeyWithoutTenantId(),
            new Qs403AlterTableSubcommandsCitusRefuses(),
            new Qs404RestrictivePolicy());

    private HazardRules() {
    }
}

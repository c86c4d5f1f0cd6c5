package io.orderhub.erp;

import javax.sql.DataSource;
import org.apache.camel.CamelContext;
import org.apache.camel.processor.aggregate.jdbc.JdbcAggregationRepository;
import org.apache.camel.processor.idempotent.jdbc.JdbcMessageIdRepository;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

@Configuration(proxyBeanMethods = false)
public class ErpConfiguration {

    /**
     * Which ERP files were imported (keys: connection, name, size, checksum), shared by every hub
     * instance on the database. The table comes from Flyway (V6), not from the repository.
     */
    @Bean
    public JdbcMessageIdRepository erpImportRepository(DataSource dataSource, PlatformTransactionManager transactions) {
        JdbcMessageIdRepository repository = new JdbcMessageIdRepository(dataSource, new TransactionTemplate(transactions), "erp-import");
        repository.setCreateTableIfNotExists(false);
        return repository;
    }

    /** Claims on the files being imported, shared by every instance (see {@link ErpFileClaims}). */
    @Bean
    public ErpFileClaims erpFileClaims(DataSource dataSource, PlatformTransactionManager transactions, CamelContext camelContext) {
        return new ErpFileClaims(dataSource, new TransactionTemplate(transactions), camelContext, 60_000, 10_000);
    }

    /**
     * The orders waiting for their batch (routes/86-erp-export, route erp-batches), in the
     * database so that they survive a stop or crash: open batches in erp_batches, completed ones
     * in erp_batches_completed until handed on (tables from Flyway, V9). On start the aggregator
     * restores the open batches' timeouts and hands on the completed ones it finds (recovery).
     * The plain repository on PostgreSQL too: each of its statements runs in a transaction of its
     * own (a failed insert aborts nothing else), and camel-sql 4.17's PostgresAggregationRepository
     * inserts without the version column.
     */
    @Bean
    public JdbcAggregationRepository erpBatchRepository(DataSource dataSource, PlatformTransactionManager transactions) {
        JdbcAggregationRepository repository = new JdbcAggregationRepository(transactions, "erp_batches", dataSource);
        repository.setUseRecovery(true);
        return repository;
    }
}

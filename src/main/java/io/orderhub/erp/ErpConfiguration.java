package io.orderhub.erp;

import javax.sql.DataSource;
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
}

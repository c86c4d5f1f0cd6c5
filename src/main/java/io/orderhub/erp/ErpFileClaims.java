package io.orderhub.erp;

import javax.sql.DataSource;
import org.apache.camel.CamelContext;
import org.apache.camel.processor.idempotent.jdbc.JdbcOrphanLockAwareIdempotentRepository;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The ERP files hub instances are importing right now: the FTP consumers' in-progress repository
 * (connectors/erp-ftp-source), on the database so that every instance sees every claim. Without
 * it two instances polling one outbox both take a file, and the later one's move to .done
 * replaces (deletes) the copy the first one moved there. A claim is kept fresh while its import
 * runs; one a crashed instance left behind is taken over after {@code lockMaxAgeMillis}.
 */
public class ErpFileClaims extends JdbcOrphanLockAwareIdempotentRepository {

    public ErpFileClaims(DataSource dataSource, TransactionTemplate transactions, CamelContext camelContext,
                         long lockMaxAgeMillis, long keepAliveMillis) {
        super(dataSource, transactions, "erp-file-claims", camelContext);
        setCreateTableIfNotExists(false);
        setLockMaxAgeMillis(lockMaxAgeMillis);
        setLockKeepAliveIntervalMillis(keepAliveMillis);
    }

    /** False when another instance claimed the file in the same instant (the key is already in the table). */
    @Override
    public boolean add(String fileName) {
        try {
            return super.add(fileName);
        } catch (DuplicateKeyException claimedAtOnce) {
            return false;
        }
    }
}

package org.spotlight.nifi.services.storage;

import org.apache.nifi.controller.ControllerService;
import org.spotlight.storage.ObjectStorage;

/**
 * S3-compatible object storage (MinIO, AWS S3, S3Proxy ...) for raw documents and large failure payloads, as a NiFi
 * controller service. The operations are Spotlight's own {@link ObjectStorage} port, so that domain code uses the
 * storage without NiFi and no storage client type reaches this API.
 */
public interface ObjectStorageService extends ControllerService, ObjectStorage {
}

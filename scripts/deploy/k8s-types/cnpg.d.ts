// CloudNativePG (postgresql.cnpg.io/v1) has no published model package on npm: these are the fields of
// Cluster and ScheduledBackup that k8s/ uses, written from the operator's API reference. A field missing
// here fails the check on purpose: look it up in the CNPG API reference, then add it.
import type { IObjectMeta } from "@kubernetes-models/apimachinery/apis/meta/v1/ObjectMeta";

interface SecretKeySelector {
  name: string;
  key: string;
}

interface ResourceRequirements {
  requests?: { cpu?: string; memory?: string };
  limits?: { cpu?: string; memory?: string };
}

export interface ICluster {
  apiVersion: "postgresql.cnpg.io/v1";
  kind: "Cluster";
  metadata: IObjectMeta;
  spec: {
    instances: number;
    imageName?: string;
    primaryUpdateStrategy?: "unsupervised" | "supervised";
    bootstrap?: {
      initdb?: {
        database?: string;
        owner?: string;
        secret?: { name: string };
        postInitSQL?: string[];
        postInitApplicationSQL?: string[];
      };
      recovery?: {
        source: string;
        recoveryTarget?: { targetTime?: string; targetLSN?: string; targetImmediate?: boolean };
      };
    };
    externalClusters?: Array<{
      name: string;
      barmanObjectStore?: BarmanObjectStore;
    }>;
    postgresql?: {
      parameters?: { [name: string]: string };
      pg_hba?: string[];
    };
    storage: { size: string; storageClass?: string };
    walStorage?: { size: string; storageClass?: string };
    resources?: ResourceRequirements;
    monitoring?: { enablePodMonitor?: boolean };
    backup?: {
      retentionPolicy?: string;
      barmanObjectStore?: BarmanObjectStore;
    };
  };
}

interface BarmanObjectStore {
  destinationPath: string;
  endpointURL?: string;
  serverName?: string;
  s3Credentials?: {
    accessKeyId: SecretKeySelector;
    secretAccessKey: SecretKeySelector;
    region?: SecretKeySelector;
  };
  wal?: { compression?: "gzip" | "bzip2" | "snappy"; maxParallel?: number };
  data?: { compression?: "gzip" | "bzip2" | "snappy"; jobs?: number };
}

export interface IScheduledBackup {
  apiVersion: "postgresql.cnpg.io/v1";
  kind: "ScheduledBackup";
  metadata: IObjectMeta;
  spec: {
    schedule: string;
    immediate?: boolean;
    suspend?: boolean;
    backupOwnerReference?: "none" | "self" | "cluster";
    method?: "barmanObjectStore" | "volumeSnapshot" | "plugin";
    cluster: { name: string };
  };
}

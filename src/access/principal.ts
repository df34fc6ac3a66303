import { Role } from '../core/vocabulary';

/** Who is calling, as the access token says. */
export interface Principal {
  userId: string;
  username: string;
  role: Role;
  /** The site a coordinator, clinician or patient belongs to; null for admins (all sites). */
  siteId: string | null;
  staffId: string | null;
  patientId: string | null;
}

/** A principal acting through one endpoint: what the audit log records. */
export interface Actor extends Principal {
  /** Method and route, e.g. `GET /patients/:id`. */
  endpoint: string;
  /** The address the request came from; absent for the CLI and the demo data. */
  clientAddress?: string | null;
}

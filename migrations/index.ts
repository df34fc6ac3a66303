import { BookingCore1764000000000 } from './1764000000000-booking-core';
import { Referrals1764100000000 } from './1764100000000-referrals';
import { Assessments1764200000000 } from './1764200000000-assessments';
import { Programs1764300000000 } from './1764300000000-programs';
import { CalendarChanges1764400000000 } from './1764400000000-calendar-changes';
import { CalendarFeeds1764500000000 } from './1764500000000-calendar-feeds';
import { Reminders1764600000000 } from './1764600000000-reminders';
import { Episodes1764700000000 } from './1764700000000-episodes';
import { JobLeases1764810000000 } from './1764810000000-job-leases';
import { SignInHardening1764820000000 } from './1764820000000-sign-in-hardening';
import { AuditEvents1764830000000 } from './1764830000000-audit-events';
import { InterpreterNeed1764840000000 } from './1764840000000-interpreter-need';
import { PatientVisitRequests1764850000000 } from './1764850000000-patient-visit-requests';
import { StaffAndRoomChanges1764860000000 } from './1764860000000-staff-and-room-changes';
import { CancellationCategories1764870000000 } from './1764870000000-cancellation-categories';
import { GroupProgramOperations1764880000000 } from './1764880000000-group-program-operations';
import { ProgramEndings1764890000000 } from './1764890000000-program-endings';
import { UserDisplayNames1764900000000 } from './1764900000000-user-display-names';
import { StaffHsaIds1764910000000 } from './1764910000000-staff-hsa-ids';
import { WaitlistIndexes1764920000000 } from './1764920000000-waitlist-indexes';
import { AuditResourceLists1764930000000 } from './1764930000000-audit-resource-lists';

/** Every migration, oldest first. Listed explicitly so the same list serves `ts` tests and the built `js`. */
export const migrations = [BookingCore1764000000000, Referrals1764100000000, Assessments1764200000000, Programs1764300000000, CalendarChanges1764400000000, CalendarFeeds1764500000000, Reminders1764600000000, Episodes1764700000000, JobLeases1764810000000, SignInHardening1764820000000, AuditEvents1764830000000, InterpreterNeed1764840000000, PatientVisitRequests1764850000000, StaffAndRoomChanges1764860000000, CancellationCategories1764870000000, GroupProgramOperations1764880000000, ProgramEndings1764890000000, UserDisplayNames1764900000000, StaffHsaIds1764910000000, WaitlistIndexes1764920000000, AuditResourceLists1764930000000];

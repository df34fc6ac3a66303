import { BookingCore1764000000000 } from './1764000000000-booking-core';

/** Every migration, oldest first. Listed explicitly so the same list serves `ts` tests and the built `js`. */
export const migrations = [BookingCore1764000000000];

import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { StoredSiteSettings } from '../core/rules/site-settings';

/** One clinic of the unit (e.g. Smärtrehab Västerås). All its planning happens in its own time zone. */
@Entity('sites')
export class Site {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column()
  name: string;

  /** IANA zone, e.g. Europe/Stockholm. */
  @Column()
  timeZone: string;

  /** Only what differs from the defaults; read through resolveSiteSettings. */
  @Column({ type: 'jsonb' })
  settings: StoredSiteSettings;

  /** Counts changes to what the booking rules read (see the calendar-version migration); only triggers write it. */
  @Column({ type: 'bigint', insert: false, update: false })
  calendarVersion: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}

import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A day the site itself closes (staff training day, Walpurgis afternoon...), on top of public holidays. */
@Entity('site_closures')
export class SiteClosure {
  @PrimaryColumn('uuid')
  siteId: string;

  /** Local date, YYYY-MM-DD. */
  @PrimaryColumn({ type: 'date' })
  date: string;

  @Column()
  reason: string;
}

import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** A long-running piece of work (booking a whole waiting list) whose progress a client can poll. */
@Entity('jobs')
export class Job {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column()
  kind: string;

  @Column({ type: 'uuid', nullable: true })
  siteId: string | null;

  @Column({ type: 'text' })
  status: 'running' | 'done' | 'failed';

  @Column('int')
  done: number;

  @Column('int')
  total: number;

  @Column({ type: 'jsonb', nullable: true })
  result: unknown;

  @Column({ type: 'text', nullable: true })
  error: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  /** Renewed while an instance works on the job; older than the lease, another instance takes it over. */
  @Column({ type: 'timestamptz' })
  heartbeatAt: Date;

  /** How often an instance took the job over from one that had stopped. */
  @Column('int')
  takeovers: number;

  /** What the work needs to run again elsewhere (it names the requester, so it is not shown). */
  @Column({ type: 'jsonb', nullable: true, select: false })
  input: unknown;

  /** The instance working on it. */
  @Column({ type: 'text', nullable: true, select: false })
  owner: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  finishedAt: Date | null;
}

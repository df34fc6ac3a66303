import { Controller, Delete, Get, Header, HttpCode, Param, Post, Query, Req } from '@nestjs/common';
import { ApiProduces, ApiTags } from '@nestjs/swagger';
import { Request } from 'express';
import { CurrentActor, Public, Roles } from '../access/access.decorators';
import { Actor } from '../access/principal';
import { notFound } from '../common/api-errors';
import { uuidPipe } from '../common/validation';
import {
  CalendarEntryDto,
  CalendarFeedDto,
  CalendarQueryDto,
  MyAppointmentsQueryDto,
  RoomCalendarDto,
  SiteCalendarDto,
  SiteCalendarQueryDto,
  StaffCalendarDto,
} from './calendars.dto';
import { CalendarsService } from './calendars.service';
import { FEED_REFRESH_SECONDS } from '../core/rules/calendar-entries';

@ApiTags('calendars')
@Controller()
export class CalendarsController {
  constructor(private readonly calendars: CalendarsService) {}

  /** A staff member's appointments and absences over [from, to): for themself, or a coordinator of their site. */
  @Roles('admin', 'coordinator', 'clinician')
  @Get('staff/:id/calendar')
  staffCalendar(@CurrentActor() actor: Actor, @Param('id', uuidPipe()) id: string, @Query() query: CalendarQueryDto): Promise<StaffCalendarDto> {
    return this.calendars.staffCalendar(actor, id, query);
  }

  /** The whole team's appointments and absences, or one discipline's: the coordinator's view. */
  @Roles('admin', 'coordinator')
  @Get('sites/:id/calendar')
  siteCalendar(@CurrentActor() actor: Actor, @Param('id', uuidPipe()) id: string, @Query() query: SiteCalendarQueryDto): Promise<SiteCalendarDto> {
    return this.calendars.siteCalendar(actor, id, query);
  }

  @Roles('admin', 'coordinator', 'clinician')
  @Get('rooms/:id/calendar')
  roomCalendar(@CurrentActor() actor: Actor, @Param('id', uuidPipe()) id: string, @Query() query: CalendarQueryDto): Promise<RoomCalendarDto> {
    return this.calendars.roomCalendar(actor, id, query);
  }

  /** The signed-in patient's own visits, cancelled ones included. */
  @Roles('patient')
  @Get('me/appointments')
  myAppointments(@CurrentActor() actor: Actor, @Query() query: MyAppointmentsQueryDto): Promise<CalendarEntryDto[]> {
    return this.calendars.myAppointments(actor, query);
  }

  /** A new calendar subscription address for the staff member; an earlier one stops working. */
  @Roles('admin', 'coordinator', 'clinician')
  @Post('staff/:id/calendar-feed')
  createStaffFeed(@CurrentActor() actor: Actor, @Param('id', uuidPipe()) id: string, @Req() request: Request): Promise<CalendarFeedDto> {
    return this.calendars.createStaffFeed(actor, id, baseUrlOf(request));
  }

  @Roles('admin', 'coordinator', 'clinician')
  @Delete('staff/:id/calendar-feed')
  @HttpCode(204)
  revokeStaffFeed(@CurrentActor() actor: Actor, @Param('id', uuidPipe()) id: string): Promise<void> {
    return this.calendars.revokeStaffFeed(actor, id);
  }

  /** A new calendar subscription address for the patient's visits; an earlier one stops working. */
  @Roles('admin', 'coordinator', 'patient')
  @Post('patients/:id/calendar-feed')
  createPatientFeed(@CurrentActor() actor: Actor, @Param('id', uuidPipe()) id: string, @Req() request: Request): Promise<CalendarFeedDto> {
    return this.calendars.createPatientFeed(actor, id, baseUrlOf(request));
  }

  @Roles('admin', 'coordinator', 'patient')
  @Delete('patients/:id/calendar-feed')
  @HttpCode(204)
  revokePatientFeed(@CurrentActor() actor: Actor, @Param('id', uuidPipe()) id: string): Promise<void> {
    return this.calendars.revokePatientFeed(actor, id);
  }

  /**
   * The iCalendar feed calendar apps subscribe to. The secret in the address is the credential (apps
   * cannot send a token), so no sign-in; a wrong or revoked address is a 404.
   */
  @Public()
  @Get('calendar-feeds/:file')
  @ApiProduces('text/calendar')
  @Header('Content-Type', 'text/calendar; charset=utf-8')
  @Header('Cache-Control', `private, max-age=${FEED_REFRESH_SECONDS}`)
  feed(@Param('file') file: string, @Req() request: Request): Promise<string> {
    const token = /^([A-Za-z0-9_-]{43})\.ics$/.exec(file)?.[1];
    if (!token) throw notFound('calendar feed', 'this address');
    return this.calendars.feed(token, request.ip ?? null);
  }
}

function baseUrlOf(request: Request): string {
  return `${request.protocol}://${request.get('host')}`;
}

import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { catchError, Observable } from 'rxjs';
import { actorOf, AuthenticatedRequest } from './access.decorators';
import { AccessRefused } from './site-access';
import { AuditService } from './audit.service';

/**
 * The one place refused accesses are logged: the access rules throw AccessRefused wherever they
 * decide (src/auth/site-access.ts), and this writes the audit entry with the caller, their address
 * and the endpoint before the refusal goes out as the 404 or 403 it is.
 */
@Injectable()
export class RefusedAccessInterceptor implements NestInterceptor {
  constructor(private readonly audit: AuditService) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    return next.handle().pipe(
      catchError(async (error: unknown) => {
        const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
        if (error instanceof AccessRefused && request.principal) await this.audit.recordRefusal(actorOf(request), error.target);
        throw error;
      }),
    );
  }
}

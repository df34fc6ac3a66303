import { NextFunction, Request, RequestHandler, Response } from 'express';
import helmet, { HelmetOptions } from 'helmet';

type Directives = NonNullable<Exclude<HelmetOptions['contentSecurityPolicy'], boolean | undefined>['directives']>;

/**
 * FullCalendar puts an empty <style> element in the page and fills it through CSSOM (insertRule),
 * which a policy does not govern. The hash of the empty text lets exactly that element in: an
 * injected <style> with anything inside is still refused, without 'unsafe-inline'.
 */
const EMPTY_STYLE_ELEMENT = "'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='";

/**
 * The web app's policy: its own scripts, styles and API only; FullCalendar's icon font comes as a
 * data: URI. Nothing may frame the app (clickjacking), and no plugin, <base> or foreign form target.
 */
const APP_POLICY: Directives = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  scriptSrcAttr: ["'none'"],
  styleSrc: ["'self'", EMPTY_STYLE_ELEMENT],
  imgSrc: ["'self'", 'data:'],
  fontSrc: ["'self'", 'data:'],
  connectSrc: ["'self'"],
  objectSrc: ["'none'"],
  baseUri: ["'self'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
};

/** Swagger UI (only under /api/docs) writes inline styles and draws its icons from data: URIs. */
const DOCS_POLICY: Directives = { ...APP_POLICY, styleSrc: ["'self'", "'unsafe-inline'"] };

/** Where the web app's static files are: they may be cached, everything else is an answer of the API. */
const STATIC_PREFIXES = ['/app/', '/vendor/'];
const DOCS_PREFIX = '/api/docs';

function headersWith(directives: Directives): RequestHandler {
  return helmet({
    contentSecurityPolicy: { useDefaults: false, directives },
    // Only over TLS (below): sent over plain HTTP it would mean nothing, and on localhost it would pin the browser to HTTPS.
    strictTransportSecurity: false,
    xFrameOptions: { action: 'deny' },
    // The calendar feed's address is its secret: no page's address ever leaves in a Referer.
    referrerPolicy: { policy: 'no-referrer' },
  }) as RequestHandler;
}

/**
 * Security headers on every answer (helmet: CSP, nosniff, frame denial, referrer policy, no
 * X-Powered-By; HSTS only when the request came over TLS, `req.secure`, which honours
 * `trust proxy`), and `Cache-Control: no-store` on every answer but the static web files, so no
 * patient data and no token stays in a browser's or proxy's cache. A route that may be cached
 * (the calendar feed) sets its own Cache-Control, which replaces this one.
 */
export function securityHeaders(): RequestHandler {
  const forApp = headersWith(APP_POLICY);
  const forDocs = headersWith(DOCS_POLICY);
  const hsts = helmet.strictTransportSecurity({ maxAge: 365 * 24 * 3600 }) as RequestHandler;
  return (request: Request, response: Response, next: NextFunction) => {
    if (!STATIC_PREFIXES.some((prefix) => request.path.startsWith(prefix))) response.setHeader('Cache-Control', 'no-store');
    const headers = request.path.startsWith(DOCS_PREFIX) ? forDocs : forApp;
    headers(request, response, (error?: unknown) => {
      if (error || !request.secure) return next(error);
      hsts(request, response, next);
    });
  };
}

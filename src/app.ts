import { randomUUID } from 'node:crypto';
import { constants as zlibConstants } from 'node:zlib';
import compress from '@fastify/compress';
import cookie from '@fastify/cookie';
import formbody from '@fastify/formbody';
import multipart from '@fastify/multipart';
import rateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyInstance, LogController } from 'fastify';
import type { Config } from './config.ts';
import access from './core/http/access.ts';
import apiConventions from './core/http/api-conventions.ts';
import { type Assets, loadAssets, publicRoot } from './core/http/assets.ts';
import csrf from './core/http/csrf.ts';
import errors from './core/http/errors.ts';
import idempotency from './core/http/idempotency.ts';
import locale, { firstVisitLanguage, rewriteLocalePrefix } from './core/http/locale.ts';
import { loggedPath } from './core/http/log-paths.ts';
import pageCache, { type PageCacheOptions } from './core/http/page-cache.ts';
import { databaseRateLimitStore } from './core/http/rate-limit-store.ts';
import { viewOf } from './core/http/render.ts';
import { sharedSchemaCompilers } from './core/http/schema-compilers.ts';
import securityHeaders from './core/http/security-headers.ts';
import session from './core/http/session.ts';
import strictQuery from './core/http/strict-query.ts';
import type { UploadedFile } from './core/http/uploads.ts';
import { createMailer, type Mailer } from './core/mail/mailer.ts';
import type { Storage } from './core/storage.ts';
import { createDb, type Db } from './db/connect.ts';
import type { AccountSlots } from './modules/accounts/index.ts';
import {
  accountPages,
  adminPages,
  authenticateSession,
  authenticateToken,
  authPages,
  recipientOf,
  SESSION_ABSOLUTE_MS,
} from './modules/accounts/index.ts';
import {
  AlertsAccountLink,
  alertPages,
  followingDataSection,
  followStateOf,
} from './modules/alerts/index.ts';
import {
  assessmentApi,
  assessmentDataSection,
  assessmentEditorPages,
  assessmentPages,
  assessmentResultPages,
  cityAssessmentPanel,
  countAssessmentQueue,
} from './modules/assessment/index.ts';
import { atlasPages } from './modules/atlas/index.ts';
import { cityApi, cityPages, cityProfilesDataSection } from './modules/cities/index.ts';
import {
  ContactAccountLink,
  contactDataSection,
  contactPages,
  practiceContactPanel,
} from './modules/contact/index.ts';
import {
  membershipsDataSection,
  organisationApi,
  organisationPages,
  profileOrganisations,
} from './modules/directory/index.ts';
import {
  commentsDataSection,
  countModerationQueue,
  discussionPages,
  MODERATION_DIGEST_JOB,
  practiceDiscussionPanel,
  recommendationDiscussionPanel,
  sendModerationDigest,
} from './modules/discussions/index.ts';
import {
  eventApi,
  eventPages,
  listEventChoices,
  organisationEventsPanel,
} from './modules/events/index.ts';
import { countryApi, placePages, themePages } from './modules/explore/index.ts';
import { storageFor } from './modules/files/index.ts';
import { insightsPages } from './modules/insights/index.ts';
import { jobsPlugin as jobs } from './modules/jobs/index.ts';
import { libraryPages, listResourceChoices, resourceApi } from './modules/library/index.ts';
import {
  citationRoutes,
  exportsRoutes,
  feedsRoutes,
  importPages,
  oaiRoutes,
  registerDumpJob,
} from './modules/opendata/index.ts';
import {
  PeopleAccountSection,
  peopleApi,
  peoplePages,
  publicProfileDataSection,
} from './modules/people/index.ts';
import { placeApi } from './modules/places/index.ts';
import {
  countPracticesOfOrganisations,
  organisationPracticesPanel,
  practiceApi,
  practicePages,
} from './modules/practices/index.ts';
import { eventPressPanel, newsApi, pressPages } from './modules/press/index.ts';
import {
  recommendationApi,
  recommendationPages,
  supportedRecommendationsPanel,
} from './modules/recommendations/index.ts';
import {
  reviewApi,
  reviewPages,
  reviewsDataSection,
  submissionsDataSection,
} from './modules/review/index.ts';
import { flushSearchLog, searchApi, searchPages } from './modules/search/index.ts';
import { shortlistPages } from './modules/shortlist/index.ts';
import { sitePages } from './modules/site/index.ts';
import { healthRoutes, registerOperations, wireModules } from './modules/system/index.ts';
import { taxonomyApi } from './modules/taxonomy/index.ts';
import {
  countTranslationQueue,
  practiceTranslationPanel,
  TranslationsAccountLink,
  translationPages,
  translationsDataSection,
} from './modules/translations/index.ts';
import { ErrorPage } from './views/ErrorPage.tsx';

// Search answers the searches of modules below it, which cannot import it, and indexes their writes.
wireModules();

declare module 'fastify' {
  interface FastifyInstance {
    config: Config;
    db: Db;
    /** Public reads: the read replica when DATABASE_READ_URL is set, else the same as `db`. */
    readDb: Db;
    assets: Assets;
    mailer: Mailer;
    storage: Storage;
  }
}

export interface BuildOptions {
  /** A database the caller owns (tests); otherwise one is opened and closed with the app. */
  db?: Db;
  /** Close `db` when the app closes, though the caller opened it (the server process). */
  closeDb?: boolean;
  logger?: boolean;
  /** Where the log lines go instead of standard output (tests read them). */
  logStream?: { write(line: string): void };
  /** Options of the page cache (when `config.pageCache` turns it on); tests pass a clock. */
  pageCache?: PageCacheOptions;
}

export async function buildApp(
  config: Config,
  options: BuildOptions = {},
): Promise<FastifyInstance> {
  const ownsDb = options.db === undefined || options.closeDb === true;
  const db =
    options.db ??
    createDb(config.database, {
      statementTimeoutMs: config.dbStatementTimeoutMs,
      connectTimeoutMs: config.dbConnectTimeoutMs,
    });

  const app = Fastify({
    logger:
      options.logger === false
        ? false
        : {
            level: config.logLevel,
            ...(options.logStream ? { stream: options.logStream } : {}),
            // Addresses are personal data and query strings may hold what people typed: log the path only.
            serializers: {
              req: (request) => ({ method: request.method, path: loggedPath(request) }),
            },
            redact: [
              'req.headers.cookie',
              'req.headers.authorization',
              'res.headers["set-cookie"]',
            ],
          },
    genReqId: () => randomUUID(),
    // A client that takes longer than this to send its request is cut off (slow-sending clients
    // cannot hold connections open); the database bounds the work a handler can start.
    requestTimeout: config.requestTimeoutMs,
    logController: new LogController({ requestIdLogLabel: 'request_id' }),
    rewriteUrl: rewriteLocalePrefix,
    trustProxy: config.trustProxy,
    bodyLimit: 1024 * 1024,
    schemaController: { compilersFactory: sharedSchemaCompilers },
    ajv: {
      customOptions: {
        coerceTypes: 'array',
        removeAdditional: true,
        useDefaults: true,
        allErrors: true,
      },
    },
  }).withTypeProvider<TypeBoxTypeProvider>();

  app.decorate('config', config);
  app.decorate('db', db);
  const readDb = config.readDatabase
    ? createDb(config.readDatabase, {
        statementTimeoutMs: config.dbStatementTimeoutMs,
        connectTimeoutMs: config.dbConnectTimeoutMs,
        primary: db,
      })
    : db;
  app.decorate('readDb', readDb);
  app.decorate('assets', loadAssets());
  app.addHook('onClose', async () => {
    // Searches waiting in memory are written before the database closes.
    await flushSearchLog(db);
    if (readDb !== db) await readDb.destroy();
    if (ownsDb) await db.destroy();
  });

  // First: a cached page is answered before the other plugins run (it replays their headers), and
  // it sees pages before compression, so that each is stored once and compressed once.
  // Before the cache too: a first visit in another language is sent to that language's page.
  await app.register(firstVisitLanguage);
  if (config.pageCache) await app.register(pageCache, options.pageCache ?? {});

  // Ecosystem plugins.
  await app.register(securityHeaders, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'"],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        upgradeInsecureRequests: config.publicUrl.startsWith('https:') ? [] : null,
      },
    },
    strictTransportSecurity: config.publicUrl.startsWith('https:'),
  });
  await app.register(cookie);
  // Before compression, whose onSend would otherwise hand it a stream instead of the answer to
  // store; before every route, whose writes it gives the Idempotency-Key header.
  await app.register(idempotency);
  await app.register(compress, {
    encodings: ['br', 'gzip'],
    threshold: 1024,
    // Exports and feeds are text too.
    customTypes:
      /^(text\/|application\/(json|x-ndjson|problem\+json|atom\+xml|rss\+xml|xml|vnd\.citationstyles\.csl\+json|x-bibtex))/,
    // Brotli's default quality (11) costs milliseconds per response; 4 compresses nearly as well.
    brotliOptions: { params: { [zlibConstants.BROTLI_PARAM_QUALITY]: 4 } },
  });
  await app.register(formbody);
  // Always registered: routes set their own stricter limits (sign-in, search API) even when
  // the general limit is off (RATE_LIMIT_PER_MINUTE=0).
  await app.register(rateLimit, {
    // Several processes share one PostgreSQL database: they share the counters too. An SQLite
    // site runs in one process, which keeps them in memory without a write per request.
    ...(config.database.dialect === 'postgres' ? { store: databaseRateLimitStore(db) } : {}),
    global: config.rateLimitPerMinute > 0,
    max: config.rateLimitPerMinute || 1,
    timeWindow: '1 minute',
    allowList: (request) => {
      const path = request.url.split('?')[0] ?? '';
      return path.startsWith('/static/') || path === '/healthz' || path === '/readyz';
    },
  });
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Integration Clearinghouse API',
        version: '1.0.0',
        description:
          'Practices and policies for the integration of migrants, as open data.\n\n' +
          'Every write (POST and PATCH) takes an optional `Idempotency-Key` header (1 to 255 visible ASCII characters, e.g. a UUID), so that a client that lost its connection can send the same request again safely: within 24 hours, the same key with the same request answers the first result again, with `Idempotent-Replayed: true`, without doing the work twice. The same key with a different request is refused with 422; while the first request is still being processed, a repeat gets 409 with Retry-After. Keys belong to the account that sends them. Only successes are kept: after a 4xx or 5xx answer the key may be used again.',
        license: { name: config.licence.name, url: config.licence.url },
      },
      servers: [{ url: config.publicUrl }],
    },
    hideUntagged: true,
  });
  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
    if (request.url.startsWith('/static/') && reply.statusCode === 200) {
      reply.header(
        'cache-control',
        request.url.includes('?v=')
          ? 'public, max-age=31536000, immutable'
          : 'public, max-age=3600',
      );
    }
  });

  // Ours.
  await app.register(locale);
  await app.register(errors, {
    errorPage: (request, props) => ErrorPage({ ctx: viewOf(request), ...props }),
  });
  // Before the session and access hooks: it answers cross-origin preflights of the read API.
  await app.register(apiConventions);
  await app.register(strictQuery);
  await app.register(session, {
    authenticateSession,
    authenticateToken,
    sessionLifetimeMs: SESSION_ABSOLUTE_MS,
  });
  await app.register(access);
  // Before `csrf`: the token of an upload form travels in its multipart body, read here.
  await app.register(multipart, {
    attachFieldsToBody: 'keyValues',
    limits: {
      // One byte more than allowed, so an oversized file is told apart and refused by name.
      fileSize: config.uploadMaxBytes + 1,
      files: 1,
      fields: 20,
      fieldSize: 64 * 1024,
      parts: 25,
    },
    throwFileSizeLimit: false,
    // The name arrives as sent, so a name with a path is refused with a message, not quietly cut.
    preservePath: true,
    async onFile(part) {
      const data = await part.toBuffer();
      (part as unknown as { value: UploadedFile }).value = {
        filename: part.filename,
        data,
        truncated: part.file.truncated,
      };
    },
  });
  await app.register(csrf);
  // After `access`, so that its route list (and the route × role test) includes the files.
  await app.register(fastifyStatic, {
    root: publicRoot.pathname,
    prefix: '/static/',
    cacheControl: false,
    index: false,
  });
  app.decorate(
    'mailer',
    createMailer({
      smtpUrl: config.smtpUrl,
      from: config.mailFrom,
      dataDir: config.dataDir,
      log: app.log,
    }),
  );

  await registerOperations(app);
  app.decorate('storage', storageFor(config));
  // Emails are queued by user id; accounts says where and in which language to send them.
  await app.register(jobs, { recipientOf });
  // At the root, after the job runner exists: the nightly open-data file.
  registerDumpJob(app);
  // The moderators' digest of posts to approve and comments reported, booked by discussions.
  app.jobs.register(MODERATION_DIGEST_JOB, sendModerationDigest, { idempotent: true });

  // Modules, listed so that a grep finds every route.
  await app.register(healthRoutes);
  const accountSlots: AccountSlots = {
    organisations: profileOrganisations,
    // The copy of one's data: after the account's own parts, these sections in this order.
    dataSections: [
      publicProfileDataSection,
      membershipsDataSection,
      followingDataSection,
      contactDataSection,
      commentsDataSection,
      submissionsDataSection,
      reviewsDataSection,
      translationsDataSection,
      cityProfilesDataSection,
      assessmentDataSection,
    ],
    panels: {
      sections: [PeopleAccountSection],
      dataLinks: [ContactAccountLink, AlertsAccountLink, TranslationsAccountLink],
    },
  };
  await app.register(authPages, accountSlots);
  await app.register(accountPages, accountSlots);
  await app.register(adminPages, accountSlots);
  await app.register(sitePages);
  await app.register(searchPages);
  await app.register(practicePages, {
    slots: {
      afterArticle: [supportedRecommendationsPanel, practiceContactPanel, practiceTranslationPanel],
      end: [practiceDiscussionPanel],
    },
  });
  // Themes, regions and countries with their practices (explore: above practices and atlas).
  await app.register(themePages);
  await app.register(placePages);
  await app.register(atlasPages);
  await app.register(cityPages, { slots: { afterFacts: [cityAssessmentPanel] } });
  await app.register(assessmentResultPages);
  // The editors' dashboard shows what waits in the discussions' moderation queue, the
  // translations and the cities' self-assessments sent to them.
  await app.register(reviewPages, {
    moderationCounts: () => countModerationQueue(db),
    translationCount: () => countTranslationQueue(db),
    assessmentCount: () => countAssessmentQueue(db),
  });
  // What users look for and do not find, and the work that waits, for the editors.
  await app.register(insightsPages);
  await app.register(organisationPages, {
    countPractices: countPracticesOfOrganisations,
    slots: { end: [organisationPracticesPanel, organisationEventsPanel] },
  });
  await app.register(contactPages);
  await app.register(importPages);
  await app.register(shortlistPages);
  // The pages with a follow button (views/components/FollowButton.tsx), by route: for a reader
  // signed in, their view context says what they follow (ViewContext.follows).
  app.addHook(
    'preHandler',
    followStateOf(db, [
      '/practices/:slug',
      '/organisations/:slug',
      '/themes/:id',
      '/countries/:code',
      '/search',
      '/practices',
    ]),
  );
  await app.register(alertPages);
  await app.register(practiceApi);
  await app.register(searchApi);
  await app.register(taxonomyApi);
  await app.register(countryApi);
  await app.register(placeApi);
  await app.register(cityApi);
  await app.register(assessmentApi);
  await app.register(reviewApi);
  await app.register(eventPages, { slots: { afterArticle: [eventPressPanel] } });
  await app.register(eventApi);
  await app.register(pressPages);
  await app.register(newsApi);
  await app.register(organisationApi, { countPractices: countPracticesOfOrganisations });
  await app.register(peoplePages);
  await app.register(peopleApi);
  await app.register(libraryPages);
  await app.register(resourceApi);
  const recommendationSources = { events: listEventChoices, resources: listResourceChoices };
  await app.register(recommendationPages, {
    sources: recommendationSources,
    slots: { end: [recommendationDiscussionPanel] },
  });
  await app.register(recommendationApi, { sources: recommendationSources });
  await app.register(discussionPages);
  await app.register(translationPages);
  // Cities' self-assessments: the public method, the city's filling in, the editors' checks.
  await app.register(assessmentPages);
  await app.register(assessmentEditorPages);
  await app.register(feedsRoutes);
  await app.register(oaiRoutes);
  await app.register(exportsRoutes);
  await app.register(citationRoutes);

  app.get('/openapi.json', { config: { access: 'public' }, schema: { hide: true } }, async () =>
    app.swagger(),
  );

  return app;
}

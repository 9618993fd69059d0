import { z } from "zod";
import { LOCALES } from "~/i18n/locales";

// What the preferences page's forms post (app/routes/($lang).preferences.$token.tsx).

const TOPIC = /^(?:general|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/;

export const PreferencesIntentSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("language"), locale: z.enum(LOCALES), topics: z.array(z.string()) }),
  z.object({
    intent: z.literal("topics"),
    locale: z.unknown(),
    topics: z.array(z.string().regex(TOPIC)).max(100),
  }),
  z.object({ intent: z.literal("unsubscribe-all"), locale: z.unknown(), topics: z.unknown() }),
  z.object({ intent: z.literal("erase"), locale: z.unknown(), topics: z.unknown() }),
  z.object({ intent: z.literal("erase-confirmed"), locale: z.unknown(), topics: z.unknown() }),
]);

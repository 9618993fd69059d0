// The staff vote upload's fields, shared by the form and its action.
import { z } from "zod";
import { UN_BODIES } from "~/utils/un-vote-rules";

/**
 * The largest file the staff page takes. A Council year's recorded votes are a few dozen
 * kilobytes and a Third Committee session about one megabyte; a whole General Assembly session
 * (several megabytes) goes through `npm run votes:import`, which has no such limit. The request
 * guard allows a little more, for the multipart envelope and the form's other fields.
 */
export const MAX_VOTE_FILE_BYTES = 2 * 1024 * 1024;

export const VOTE_IMPORT_FIELD_ERRORS = ["bodyRequired", "fileRequired", "fileTooLarge", "notUtf8"] as const;
export type VoteImportFieldError = (typeof VOTE_IMPORT_FIELD_ERRORS)[number];

export const VoteImportFormSchema = z.object({
  intent: z.enum(["preview", "apply"]).catch("preview"),
  body: z.enum(UN_BODIES, { error: "bodyRequired" }),
  fileName: z.string().max(200).catch("votes.csv"),
});

import en from "~/i18n/en.json";
import ja from "~/i18n/ja.json";
import ko from "~/i18n/ko.json";
import { STAFF_CATALOGUES } from "~/i18n/staff-catalog.server";
import { describeCatalogues } from "../support/catalogue-checks";

describeCatalogues("the interface catalogues", { en, ko, ja });
describeCatalogues("the staff area's catalogues", STAFF_CATALOGUES);

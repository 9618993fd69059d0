import en from "~/i18n/en.json";
import ja from "~/i18n/ja.json";
import ko from "~/i18n/ko.json";
import { describeCatalogues } from "../support/catalogue-checks";

describeCatalogues("the interface catalogues", { en, ko, ja });

// Demo campaigns seeded into a fresh install on first start: real-world issues, no invented facts.
export type CampaignLocale = "en" | "ko" | "ja";
export type CampaignText = { title: string; summary: string; petition: string; background: string };
export type DemoCampaign = {
  slug: string; // lowercase a-z0-9 and hyphens, English, <= 60 chars
  signatureGoal: number;
  targets: readonly string[]; // ISO 3166-1 alpha-3 codes of the governments addressed, in display order
  texts: Record<CampaignLocale, CampaignText>;
};

const paragraphs = (...parts: string[]): string => parts.join("\n\n");

export const DEMO_CAMPAIGNS: readonly DemoCampaign[] = [
  {
    slug: "unsc-annual-open-meeting-dprk",
    signatureGoal: 50000,
    targets: ["USA", "FRA", "GBR", "DNK", "GRC", "LVA", "PAN"],
    texts: {
      en: {
        title: "Ask the Security Council to hold an annual open meeting on human rights in the DPRK",
        summary:
          "The Security Council discussed human rights in North Korea in open meetings from 2014 to 2017 and again from 2023. Ask its members to make this an annual meeting that does not depend on the politics of the moment.",
        petition: paragraphs(
          "To the governments of the United States, France, the United Kingdom, Denmark, Greece, Latvia and Panama:",
          "In February 2014 the UN Commission of Inquiry on human rights in the Democratic People's Republic of Korea reported that crimes against humanity had been committed in the DPRK. On 22 December 2014 the Security Council placed the situation in the DPRK on its agenda, and it has discussed it in open meetings from 2014 to 2017 and again since 2023.",
          "We ask you, as members of the Security Council, to request an open meeting on the human rights situation in the DPRK every year and to vote in favour of adopting the agenda. This is a procedural decision: it needs nine votes and cannot be vetoed.",
          "The victims of these crimes and their families deserve the Council's sustained attention. Holding the meeting every year would keep their situation before the Council, whatever the politics of a given year.",
        ),
        background: paragraphs(
          'In February 2014 the UN Commission of Inquiry on human rights in the DPRK reported that crimes against humanity had been committed in North Korea. On 22 December 2014 the Security Council put "The situation in the Democratic People\'s Republic of Korea" on its agenda by a procedural vote of 11 in favour, 2 against and 2 abstentions.',
          "The Council held meetings on the situation from 2014 to 2017. They then stopped for several years and resumed only in 2023. Whether a meeting takes place depends, each year, on whether enough members are willing to request it and vote for it.",
          "Adopting the agenda is a procedural decision. It needs the votes of nine of the Council's fifteen members, and no permanent member can block it with a veto. The governments addressed by this petition are Council members in 2026 that could support such a vote. Because nine votes are enough, a determined group of members can make an annual meeting the norm.",
        ),
      },
      ko: {
        title: "유엔 안전보장이사회에 북한 인권에 관한 연례 공개회의 개최를 요청합니다",
        summary:
          "유엔 안전보장이사회(안보리)는 2014년부터 2017년까지, 그리고 2023년부터 다시 북한 인권 상황을 공개회의에서 논의해 왔습니다. 그때그때의 정치 상황에 좌우되지 않도록 이 회의를 매년 열어 달라고 이사국들에 함께 요청해 주세요.",
        petition: paragraphs(
          "미국, 프랑스, 영국, 덴마크, 그리스, 라트비아, 파나마 정부 귀중",
          "2014년 2월, 유엔 북한인권조사위원회(COI)는 북한에서 반인도범죄가 자행되었다고 보고했습니다. 유엔 안전보장이사회(안보리)는 같은 해 12월 22일 북한 상황을 의제로 채택했으며, 2014년부터 2017년까지, 그리고 2023년부터 다시 이 문제를 공개회의에서 논의해 왔습니다.",
          "안보리 이사국인 각국 정부가 북한 인권 상황에 관한 공개회의 개최를 매년 요구하고, 의제 채택 표결에서 찬성해 주시기를 요청합니다. 의제 채택은 절차 사항이므로 9개국이 찬성하면 채택되며, 거부권이 적용되지 않습니다.",
          "반인도범죄의 피해자와 그 가족들은 안보리의 지속적인 관심을 받아야 마땅합니다. 회의가 매년 열린다면 그해의 정치 상황과 관계없이 이들의 현실이 안보리에서 계속 다루어질 것입니다.",
        ),
        background: paragraphs(
          "2014년 2월, 유엔 북한인권조사위원회는 북한에서 반인도범죄가 자행되었다고 보고했습니다. 같은 해 12월 22일, 유엔 안전보장이사회(안보리)는 절차 표결에서 찬성 11표, 반대 2표, 기권 2표로 ‘조선민주주의인민공화국 상황(The situation in the Democratic People's Republic of Korea)’을 의제로 채택했습니다.",
          "안보리는 2014년부터 2017년까지 이 의제로 회의를 열었지만, 이후 몇 년 동안 회의가 열리지 않다가 2023년에야 재개되었습니다. 회의 개최 여부는 해마다 회의를 요청하고 찬성표를 던질 의지가 있는 이사국이 충분히 있는지에 달려 있습니다.",
          "의제 채택은 절차 사항이므로 15개 이사국 가운데 9개국만 찬성하면 되고, 상임이사국도 거부권을 행사할 수 없습니다. 이 청원이 향하는 나라들은 2026년 현재 이사국으로서 이러한 표결을 지지할 수 있는 나라들입니다. 9표면 충분한 만큼, 뜻을 모은 이사국들이 연례 회의를 관행으로 자리 잡게 할 수 있습니다.",
        ),
      },
      ja: {
        title: "国連安全保障理事会に、北朝鮮の人権状況に関する公開会合の毎年開催を求めます",
        summary:
          "国連安全保障理事会は2014年から2017年まで、そして2023年からふたたび、北朝鮮の人権状況を公開会合で取り上げてきました。その時々の政治情勢に左右されず毎年開催するよう、理事国に求めましょう。",
        petition: paragraphs(
          "米国、フランス、英国、デンマーク、ギリシャ、ラトビア、パナマの各国政府 御中",
          "2014年2月、国連北朝鮮人権調査委員会（COI）は、北朝鮮において人道に対する罪が行われたと報告しました。国連安全保障理事会は同年12月22日に北朝鮮の状況を議題に加え、2014年から2017年まで、そして2023年以降ふたたび、公開会合でこの問題を議論してきました。",
          "安保理の理事国である各国政府に対し、北朝鮮の人権状況に関する公開会合を毎年要請し、議題採択の投票で賛成していただくようお願いいたします。議題の採択は手続き事項であり、9か国の賛成で採択され、拒否権は適用されません。",
          "人道に対する罪の被害者とその家族は、安保理から継続的な関心を向けられるべきです。会合を毎年開催すれば、その年の政治情勢にかかわらず、被害者の置かれた状況が安保理で取り上げられ続けることになります。",
        ),
        background: paragraphs(
          "2014年2月、国連北朝鮮人権調査委員会は、北朝鮮において人道に対する罪が行われたと報告しました。同年12月22日、国連安全保障理事会は手続き事項の投票（賛成11、反対2、棄権2）により、「朝鮮民主主義人民共和国の状況（The situation in the Democratic People's Republic of Korea）」を議題に加えました。",
          "安保理は2014年から2017年までこの議題で会合を開きましたが、その後数年間は開かれず、再開されたのは2023年のことでした。会合が開かれるかどうかは、毎年、開催を要請し賛成票を投じる意思のある理事国が十分にそろうかどうかにかかっています。",
          "議題の採択は手続き事項であるため、15の理事国のうち9か国が賛成すれば足り、常任理事国も拒否権を行使できません。この請願の宛先は、2026年の理事国のうち、こうした投票を支持しうる国々です。9票あれば足りる以上、志を同じくする理事国が力を合わせれば、毎年の会合を定着させることができます。",
        ),
      },
    },
  },
  {
    slug: "stop-forced-repatriation",
    signatureGoal: 30000,
    targets: ["CHN", "USA", "GBR", "FRA", "KOR", "JPN"],
    texts: {
      en: {
        title: "Stop the forced repatriation of North Korean escapees and uphold non-refoulement",
        summary:
          "North Koreans who are caught after fleeing and sent back risk serious abuse. Ask governments to respect the principle of non-refoulement, and Security Council members to raise forced repatriation with China.",
        petition: paragraphs(
          "To the governments of China, the United States, the United Kingdom, France, the Republic of Korea and Japan:",
          "North Koreans who flee their country and are forcibly sent back risk detention, ill-treatment and other serious violations of their rights. The principle of non-refoulement forbids returning anyone to a place where they would face a real risk of persecution, torture or other serious harm.",
          "We ask the government of China to stop forcibly repatriating North Korean escapees, to respect the principle of non-refoulement, and to give those who seek protection access to asylum procedures or safe passage to a third country.",
          "We ask the governments of the United States, the United Kingdom and France, as permanent members of the Security Council, to raise forced repatriation with China both bilaterally and in the Council. We ask the governments of the Republic of Korea and Japan to make it a priority in their diplomacy and at the United Nations, and to keep their doors open to escapees who seek their protection.",
        ),
        background: paragraphs(
          "Many North Koreans who escape cross first into China. Those who are caught there and returned to the DPRK risk punishment for having left the country. UN human rights bodies have repeatedly expressed concern about what happens to them.",
          "Non-refoulement is a cornerstone of international refugee and human rights law: no one may be sent back to a place where they face a real risk of persecution, torture or other serious harm. It applies to every person, whatever their immigration status.",
          "Reliable figures are hard to obtain, but every single return puts a person at risk. The Republic of Korea and Japan are not members of the Security Council in 2026, but as neighbouring states with a direct stake in the issue, their voices carry particular weight.",
        ),
      },
      ko: {
        title: "탈북민 강제북송을 중단하고 강제송환금지 원칙을 지켜 주세요",
        summary:
          "북한을 탈출했다가 붙잡혀 송환된 사람들은 심각한 인권침해를 당할 위험에 놓입니다. 각국 정부가 강제송환금지 원칙을 지키고, 유엔 안전보장이사회(안보리) 이사국들이 중국에 이 문제를 제기하도록 함께 요청해 주세요.",
        petition: paragraphs(
          "중국, 미국, 영국, 프랑스, 대한민국, 일본 정부 귀중",
          "북한을 탈출했다가 강제로 송환되는 사람들은 구금과 가혹행위를 비롯한 심각한 인권침해를 당할 위험에 놓입니다. 강제송환금지 원칙(농르풀망 원칙)에 따라, 박해나 고문, 그 밖의 심각한 위해를 당할 실질적 위험이 있는 곳으로는 누구도 돌려보내서는 안 됩니다.",
          "중국 정부에 요청합니다. 탈북민 강제북송을 중단하고 강제송환금지 원칙을 준수해 주세요. 보호를 요청하는 이들이 비호 신청 절차를 밟거나 제3국으로 안전하게 이동할 수 있도록 보장해 주세요.",
          "유엔 안전보장이사회(안보리) 상임이사국인 미국, 영국, 프랑스 정부에는 양자 외교와 안보리 논의를 통해 중국에 강제북송 문제를 제기해 주실 것을 요청합니다. 대한민국과 일본 정부에는 이 문제를 외교와 유엔 무대에서 우선 과제로 다루고, 보호를 요청하는 탈북민에게 계속 문을 열어 주실 것을 요청합니다.",
        ),
        background: paragraphs(
          "북한을 탈출한 많은 사람들이 먼저 중국으로 건너갑니다. 그곳에서 붙잡혀 북한으로 송환된 사람들은 나라를 떠났다는 이유로 처벌받을 위험에 놓입니다. 유엔 인권 기구들은 이들이 겪는 일에 대해 거듭 우려를 표명해 왔습니다.",
          "강제송환금지 원칙은 국제난민법과 국제인권법의 근간입니다. 박해나 고문, 그 밖의 심각한 위해를 당할 실질적 위험이 있는 곳으로는 누구도 돌려보내서는 안 되며, 이 원칙은 체류 자격과 관계없이 모든 사람에게 적용됩니다.",
          "신뢰할 만한 통계를 얻기는 어렵지만, 송환 한 건 한 건이 한 사람의 생명과 안전을 위험에 빠뜨립니다. 대한민국과 일본은 2026년 유엔 안전보장이사회(안보리) 이사국이 아니지만, 이 문제에 직접적인 이해관계가 있는 이웃 나라로서 그 목소리에는 특별한 무게가 있습니다.",
        ),
      },
      ja: {
        title: "脱北者の強制送還をやめ、ノン・ルフールマン原則を守ってください",
        summary:
          "北朝鮮から逃れた後に捕まり、送還された人々は深刻な人権侵害を受けるおそれがあります。各国政府にノン・ルフールマン原則の順守を、国連安全保障理事会の理事国には中国への働きかけを求めましょう。",
        petition: paragraphs(
          "中国、米国、英国、フランス、韓国、日本の各国政府 御中",
          "北朝鮮から逃れた後に強制送還された人々は、拘禁や虐待をはじめとする深刻な人権侵害を受けるおそれがあります。ノン・ルフールマン原則は、迫害や拷問、その他の深刻な危害を受ける現実的なおそれがある場所へ、いかなる人も送還してはならないと定めています。",
          "中国政府に求めます。脱北者（北朝鮮難民）の強制送還をやめ、ノン・ルフールマン原則を順守してください。保護を求める人々が庇護申請の手続きを利用し、あるいは第三国へ安全に移動できるようにしてください。",
          "国連安全保障理事会の常任理事国である米国、英国、フランスの各政府には、二国間外交と安保理の場の双方で、強制送還の問題を中国に提起するよう求めます。韓国と日本の政府には、この問題を外交と国連の場で優先課題として取り上げ、保護を求める脱北者を引き続き受け入れるよう求めます。",
        ),
        background: paragraphs(
          "北朝鮮を脱出した人々の多くは、まず中国に渡ります。そこで捕まり北朝鮮へ送還された人々は、国を離れたことを理由に処罰されるおそれがあります。国連の人権機関は、こうした人々の身に起きていることに繰り返し懸念を表明してきました。",
          "ノン・ルフールマン原則は、国際難民法と国際人権法の根幹をなす原則です。迫害や拷問、その他の深刻な危害を受ける現実的なおそれがある場所へは誰も送還してはならず、この原則は在留資格にかかわらずすべての人に適用されます。",
          "信頼できる統計を得ることは困難ですが、一件一件の送還が、一人ひとりの命と安全を危険にさらしています。韓国と日本は2026年の国連安全保障理事会の理事国ではありませんが、この問題に直接の利害を持つ近隣国として、その声には特別な重みがあります。",
        ),
      },
    },
  },
  {
    slug: "abductees-and-detainees",
    signatureGoal: 20000,
    targets: ["JPN", "KOR", "USA", "GBR", "FRA"],
    texts: {
      en: {
        title: "Demand the truth and a way home for abductees, detainees and separated families",
        summary:
          "Japanese and South Korean abductees, detained foreign nationals, prisoners of war and separated families are still waiting for answers. Ask governments to press the DPRK for their release, the truth about their fate and family reunions.",
        petition: paragraphs(
          "To the governments of Japan, the Republic of Korea, the United States, the United Kingdom and France:",
          "For decades, families in Japan and the Republic of Korea have waited to learn what happened to relatives abducted by the DPRK. Families of South Koreans detained in North Korea receive little or no news of them, some prisoners of war from the Korean War were never returned, and families divided by the war have grown old without seeing each other again.",
          "We ask you to press the DPRK, in your bilateral contacts and at the United Nations, to release all abductees, detained foreign nationals and prisoners of war and let them return home; to give full and truthful information on the fate and whereabouts of every person abducted, detained or missing, including the 17 abductees officially recognised by the Government of Japan; and to allow separated families to communicate, meet and be reunited without delay.",
          "Time is running out. Many of those who have waited are elderly, and many have died without an answer. We ask you to make this a standing priority in your dealings with the DPRK until every family knows the truth.",
        ),
        background: paragraphs(
          "The Government of Japan officially recognises 17 Japanese citizens as having been abducted by North Korea. The families of those who have not returned are still waiting for them, and for the truth. South Korean civilians were also abducted to the North during and after the Korean War, and some South Korean prisoners of war were never returned.",
          "The UN Commission of Inquiry, which reported in February 2014 that crimes against humanity had been committed in the DPRK, also examined the abduction and enforced disappearance of people from other countries. Foreign nationals, including South Korean citizens, have been detained in North Korea with little or no information given to their families.",
          "The Korean War and the division of the peninsula separated countless families. Reunions have been rare, brief and dependent on relations between the two Koreas, and many of those still waiting are now elderly. For all of these families the question is the same: where are our loved ones, and when can we see them again?",
        ),
      },
      ko: {
        title: "납치피해자·억류자·국군포로의 생사 확인과 송환, 이산가족 상봉을 요구합니다",
        summary:
          "일본인 납치피해자와 납북자, 북한에 억류된 외국인, 국군포로, 이산가족이 여전히 답을 기다리고 있습니다. 석방과 생사 확인, 가족 상봉을 북한에 촉구하도록 각국 정부에 함께 요청해 주세요.",
        petition: paragraphs(
          "일본, 대한민국, 미국, 영국, 프랑스 정부 귀중",
          "일본과 대한민국의 가족들은 북한에 납치된 혈육에게 무슨 일이 있었는지 알기 위해 수십 년을 기다려 왔습니다. 북한에 억류된 대한민국 국민의 가족들은 그들의 소식을 거의 듣지 못하고 있고, 6·25전쟁 국군포로 가운데 일부는 지금까지도 송환되지 못했으며, 전쟁으로 헤어진 이산가족들은 다시 만나지 못한 채 나이 들어 가고 있습니다.",
          "각국 정부가 양자 접촉과 유엔 무대에서 북한에 다음 사항을 촉구해 주시기를 요청합니다. 모든 납치피해자와 억류 외국인, 국군포로를 석방하여 송환할 것. 일본 정부가 공식 인정한 납치피해자 17명을 포함해 납치·억류되거나 실종된 모든 사람의 생사와 소재에 관한 완전하고 진실한 정보를 제공할 것. 그리고 이산가족이 지체 없이 서로 소식을 주고받고 상봉하여 다시 함께 살 수 있도록 허용할 것.",
          "시간이 얼마 남지 않았습니다. 기다려 온 가족들 상당수가 고령이며, 끝내 답을 듣지 못한 채 세상을 떠난 분도 많습니다. 모든 가족이 진실을 알게 될 때까지 이 문제를 북한과의 관계에서 변함없는 우선 과제로 삼아 주세요.",
        ),
        background: paragraphs(
          "일본 정부는 북한에 납치된 자국민 17명을 공식 납치피해자로 인정하고 있습니다. 아직 돌아오지 못한 이들의 가족은 지금도 그들의 송환과 진실을 기다리고 있습니다. 대한민국 국민도 6·25전쟁 중과 그 이후에 북한으로 납치되었으며, 국군포로 가운데 일부는 아직까지 송환되지 않았습니다.",
          "2014년 2월 북한에서 반인도범죄가 자행되었다고 보고한 유엔 북한인권조사위원회는 다른 나라 국민에 대한 납치와 강제실종 문제도 조사했습니다. 대한민국 국민을 비롯한 외국인들이 북한에 억류되어 왔으나, 그 가족들에게는 정보가 거의 또는 전혀 전해지지 않았습니다.",
          "6·25전쟁과 한반도 분단으로 수많은 가족이 헤어졌습니다. 이산가족 상봉은 드물고 짧았으며 남북관계에 따라 좌우되어 왔고, 아직 기다리고 있는 이들 상당수는 이제 고령입니다. 이 모든 가족이 묻는 질문은 같습니다. 사랑하는 가족은 어디에 있으며, 언제 다시 만날 수 있습니까?",
        ),
      },
      ja: {
        title: "拉致被害者・抑留者の安否解明と帰国、離散家族の再会を求めます",
        summary:
          "日本人拉致被害者、韓国人の拉致被害者、北朝鮮に抑留された外国人、朝鮮戦争の韓国軍捕虜、そして離散家族が、今も答えを待っています。解放と安否情報の提供、家族の再会を北朝鮮に求めるよう、各国政府に働きかけましょう。",
        petition: paragraphs(
          "日本、韓国、米国、英国、フランスの各国政府 御中",
          "日本と韓国の家族は、北朝鮮に拉致された肉親に何が起きたのかを知るため、何十年も待ち続けてきました。北朝鮮に抑留された韓国人の家族には、ほとんど消息が届いていません。朝鮮戦争の韓国軍捕虜の一部は故郷に戻ることができず、戦争で引き裂かれた離散家族は再会を果たせないまま年老いています。",
          "各国政府が、二国間の接触や国連の場において、北朝鮮に次のことを強く求めるよう要請します。すべての拉致被害者、抑留されている外国人、韓国軍捕虜を解放し、帰国させること。日本政府が認定する17人の拉致被害者を含め、拉致、抑留、または行方不明となったすべての人の安否と所在について、完全かつ真実の情報を提供すること。そして、離散家族が遅滞なく連絡を取り合い、面会し、再び共に暮らせるようにすること。",
          "残された時間はわずかです。待ち続けてきた家族の多くは高齢となり、答えを得られないまま亡くなった方も少なくありません。すべての家族が真実を知るその日まで、この問題を北朝鮮との関係における揺るぎない優先課題としてください。",
        ),
        background: paragraphs(
          "日本政府は、北朝鮮に拉致された日本人17人を拉致被害者として公式に認定しています。いまだ帰国を果たせていない被害者の家族は、今もその帰りと真相の解明を待ち続けています。韓国の民間人も朝鮮戦争中およびその後に北朝鮮へ拉致され、韓国軍捕虜の一部は送還されないままとなりました。",
          "2014年2月に北朝鮮で人道に対する罪が行われたと報告した国連北朝鮮人権調査委員会は、他国の国民の拉致や強制失踪についても調査しました。韓国人を含む外国人が北朝鮮で抑留されてきましたが、その家族にはほとんど、あるいはまったく情報が伝えられていません。",
          "朝鮮戦争と朝鮮半島の分断により、数えきれないほどの家族が引き裂かれました。離散家族の再会はまれで短く、南北関係に左右されてきました。今も再会を待つ人々の多くは高齢です。これらの家族が抱く問いはただ一つです。愛する家族はどこにいるのか、そしていつ再び会えるのか。",
        ),
      },
    },
  },
];

